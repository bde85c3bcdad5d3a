import type { FleetReader, StatusRead } from '../../app/monitoring/monitoringPorts';
import { errorCode, TunnelwatchError } from '../../core/errors';
import { huaweiScopeId, parseHuaweiId, type HuaweiRef } from '../../core/huawei/huaweiId';
import { projectHuaweiConnection } from '../../core/huawei/projectHuaweiConnection';
import { mapLimit } from '../../core/mapLimit';
import type { PollTarget } from '../../core/polling/pollTarget';
import type { LinkObservation } from '../../core/snapshot/projectLink';
import { asObject, asString } from '../../core/snapshot/rawValues';
import { mapHuaweiStatus } from '../../core/huawei/huaweiStatus';
import type { HuaweiVpnGatewayInfo } from '../../core/huawei/huaweiVpnGateways';
import type { CustomerGateways, HuaweiVpnClient } from './huaweiVpnClient';

export interface HuaweiFleetReaderOptions {
  /** TW_HUAWEI_DOWN_STATUSES. */
  readonly downStatuses: readonly string[];
  /** Status GETs in flight at once. Default 4. */
  readonly concurrency?: number;
}

/**
 * Monitoring's view of Huawei Cloud: one poll target per project (Huawei lists a project's VPN connections, status
 * included, in one paged call), the customer gateways' IPs and the VPN gateways' EIPs beside it, and GETs only for
 * links a list left without status. Discovery sends no request: a project that cannot be read fails its target in the cycle, by code.
 */
export function createHuaweiFleetReader(client: HuaweiVpnClient, options: HuaweiFleetReaderOptions): FleetReader {
  const { downStatuses } = options;
  return {
    discover: (scopes) => {
      const targets = new Map<string, PollTarget>();
      for (const scope of scopes) {
        // A gateway- or connection-shaped scope is polled through its project and filtered by scope above the seam.
        const parsed = parseHuaweiId(scope.id);
        if (!parsed) continue;
        const id = huaweiScopeId(parsed);
        targets.set(id, { kind: 'huaweiProject', id, subscriptionId: parsed.projectId, resourceGroup: parsed.region });
      }
      return Promise.resolve({ targets: [...targets.values()], failures: [] });
    },
    listTarget: async (target) => ({ observations: await listProject(client, refOf(target.id), downStatuses) }),
    readStatuses: (links) =>
      mapLimit(links, options.concurrency ?? 4, async (link): Promise<StatusRead> => {
        try {
          const { ref, connectionId } = connectionRef(link.id);
          const body = await client.getConnection(ref, connectionId);
          if (body === undefined) return { id: link.id, code: 'HUAWEI.NOT_FOUND' };
          const status = asString(asObject(body)?.status, 64);
          return { id: link.id, ...(status !== undefined && { status: mapHuaweiStatus(status, downStatuses) }) };
        } catch (thrown) {
          return { id: link.id, code: errorCode(thrown) };
        }
      }),
    requestCounts: () => client.requestCounts(),
    throttles: () => client.throttles(),
  };
}

/**
 * Every connection of a project (optionally of one VPN gateway), projected with its customer gateway's IP and its
 * VPN gateway's name and EIP address: three reads per project, sent together.
 */
export async function listProject(client: HuaweiVpnClient, ref: HuaweiRef, downStatuses: readonly string[], vgwId?: string): Promise<LinkObservation[]> {
  const [connections, customerGateways, vpnGateways] = await Promise.all([
    client.listConnections(ref, vgwId === undefined ? undefined : { vgwId }),
    readCustomerGateways(client, ref),
    readVpnGateways(client, ref),
  ]);
  return connections.flatMap((raw) => {
    const observation = projectHuaweiConnection(raw, { ref, customerGatewayIps: customerGateways.ips, customerGatewayNames: customerGateways.names, vpnGateways, downStatuses });
    // The filter is Huawei's; checked here too, so a server that ignores vgw_id cannot widen a gateway's blast radius.
    return observation && (vgwId === undefined || observation.topology.vgwId === vgwId.toLowerCase()) ? [observation] : [];
  });
}

/**
 * The customer gateways' IPs, which pair the two ends of a tunnel, and their names, which views show. An identity not
 * allowed to list customer gateways (vpn:customerGateways:list) gets none: its links are watched without a remote
 * address (and show the customer gateway's id), as ARM leaves out sites outside the role's scope. Any other failure (throttled, 5xx, timeout) fails the read, so a tunnel is never judged
 * as unpaired for a passing error.
 */
export function readCustomerGateways(client: HuaweiVpnClient, ref: HuaweiRef): Promise<CustomerGateways> {
  return whenForbidden(() => client.listCustomerGateways(ref), { ips: new Map(), names: new Map() });
}

/**
 * The VPN gateways' names and EIPs, which give a public gateway's connections their local address (`vgw_ip` is an
 * EIP id) and views the gateway's name. Like the customer gateways: an identity not allowed to list VPN gateways
 * (vpn:vpnGateways:list) gets none (no local address, no pairing, the gateway's id shown; monitoring goes on); any
 * other failure fails the read.
 */
export function readVpnGateways(client: HuaweiVpnClient, ref: HuaweiRef): Promise<ReadonlyMap<string, HuaweiVpnGatewayInfo>> {
  return whenForbidden(() => client.listVpnGateways(ref), new Map<string, HuaweiVpnGatewayInfo>());
}

/** A lookup list the identity may not read (403) is an empty one; any other failure is thrown. */
async function whenForbidden<T>(read: () => Promise<T>, empty: T): Promise<T> {
  try {
    return await read();
  } catch (thrown) {
    if (errorCode(thrown) === 'HUAWEI.FORBIDDEN') return empty;
    throw thrown;
  }
}

/** The project of any Huawei id (scope, gateway, connection). */
export function refOf(id: string): HuaweiRef {
  const parsed = parseHuaweiId(id);
  if (!parsed) throw new TunnelwatchError('LINK.NOT_FOUND', `'${id}' is not a Huawei Cloud id`);
  return { region: parsed.region, projectId: parsed.projectId };
}

/** Project and connection id of a Huawei connection (link) id. */
export function connectionRef(linkId: string): { readonly ref: HuaweiRef; readonly connectionId: string } {
  const parsed = parseHuaweiId(linkId);
  if (parsed?.type !== 'vpnConnections' || parsed.name === undefined) throw new TunnelwatchError('LINK.NOT_FOUND', `'${linkId}' is not a Huawei VPN connection id`);
  return { ref: { region: parsed.region, projectId: parsed.projectId }, connectionId: parsed.name };
}
