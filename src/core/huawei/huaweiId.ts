/**
 * Ids of Huawei Cloud VPN resources inside tunnelwatch. Huawei has no global resource id like ARM's, so tunnelwatch
 * builds one path per resource from what identifies it (region, project, resource id):
 *   scope (a project in a region)  /huawei/regions/{region}/projects/{projectId}
 *   VPN gateway (vgw_id)           {scope}/vpnGateways/{vgwId}
 *   VPN connection (the link)      {scope}/vpnConnections/{connectionId}
 * Path-shaped like ARM ids, so the same scope containment, link keys and link groups apply. Lower case throughout:
 * Huawei ids are lower-case UUIDs and region names are lower case.
 */
export interface HuaweiRef {
  readonly region: string;
  readonly projectId: string;
}

export interface ParsedHuaweiId extends HuaweiRef {
  /** Absent for a scope id. */
  readonly type?: 'vpnGateways' | 'vpnConnections';
  readonly name?: string;
}

const PREFIX = '/huawei/regions/';
const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function huaweiScopeId(ref: HuaweiRef): string {
  return `${PREFIX}${ref.region}/projects/${ref.projectId}`.toLowerCase();
}

export function huaweiGatewayId(ref: HuaweiRef, vgwId: string): string {
  return `${huaweiScopeId(ref)}/vpnGateways/${vgwId}`.toLowerCase();
}

export function huaweiConnectionId(ref: HuaweiRef, connectionId: string): string {
  return `${huaweiScopeId(ref)}/vpnConnections/${connectionId}`.toLowerCase();
}

export function isHuaweiId(id: string): boolean {
  return id.toLowerCase().startsWith(PREFIX);
}

/** Parses a scope, gateway or connection id; undefined for anything else (an ARM id included). */
export function parseHuaweiId(id: string): ParsedHuaweiId | undefined {
  const parts = id.toLowerCase().split('/').filter((p) => p.length > 0);
  if (parts[0] !== 'huawei' || parts[1] !== 'regions' || parts[3] !== 'projects') return undefined;
  const [, , region, , projectId, type, name] = parts;
  if (!region || !projectId || !SEGMENT.test(region) || !SEGMENT.test(projectId)) return undefined;
  if (parts.length === 5) return { region, projectId };
  if (parts.length !== 7 || !name || !SEGMENT.test(name)) return undefined;
  if (type === 'vpngateways') return { region, projectId, type: 'vpnGateways', name };
  if (type === 'vpnconnections') return { region, projectId, type: 'vpnConnections', name };
  return undefined;
}

/** True for a region or project id usable in a Huawei id (what TW_HUAWEI_SCOPES accepts). */
export function isHuaweiSegment(text: string): boolean {
  return SEGMENT.test(text.toLowerCase());
}
