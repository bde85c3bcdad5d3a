import { TunnelwatchError } from '../errors';
import { parseHuaweiId } from '../huawei/huaweiId';

/**
 * A message on the `remediation-requests` queue (schema version 1, documented in the README).
 * Producers: the poller (a link became stuck), the alert webhook, operators (manual reset route),
 * and the actuator itself (post-checks and retries, delivered later with a visibility delay).
 */
export interface RemediationRequest {
  readonly v: 1;
  /** Unique per request; part of dedup keys. */
  readonly requestId: string;
  readonly kind: 'remediate' | 'postcheck';
  /** ARM id of the link connection (vWAN) or classic connection. */
  readonly linkId: string;
  readonly source: 'poller' | 'alert' | 'operator' | 'postcheck';
  /** Incident the request belongs to, when known (poller, post-check). */
  readonly incidentId?: string;
  /** Alert id + monitor condition for alert-triggered requests. */
  readonly alertId?: string;
  /** Who asked, for operators: a platform-authenticated principal (App Service authentication), else a label. */
  readonly requestedBy?: string;
  /** Who the caller says it is when nothing authenticated that claim (a header or ?requestedBy= with a function key). */
  readonly claimedBy?: string;
  readonly requestedAt: string;
  readonly dryRun?: boolean;
}

export interface RemediationRequestFields {
  readonly requestId: string;
  readonly kind: RemediationRequest['kind'];
  readonly linkId: string;
  readonly source: RemediationRequest['source'];
  readonly requestedAt: Date;
  readonly incidentId?: string | undefined;
  readonly alertId?: string | undefined;
  readonly requestedBy?: string | undefined;
  readonly claimedBy?: string | undefined;
  readonly dryRun?: boolean | undefined;
}

/**
 * The one builder of a remediation request, for every producer (poller, webhook, manual route, follow-ups): it
 * stamps the schema version and leaves optional fields out unless set, so every message has the same shape.
 */
export function buildRemediationRequest(fields: RemediationRequestFields): RemediationRequest {
  const { requestId, kind, linkId, source, requestedAt, incidentId, alertId, requestedBy, claimedBy, dryRun } = fields;
  return {
    v: 1,
    requestId,
    kind,
    linkId,
    source,
    requestedAt: requestedAt.toISOString(),
    ...(incidentId !== undefined && { incidentId }),
    ...(alertId !== undefined && { alertId }),
    ...(requestedBy !== undefined && { requestedBy }),
    ...(claimedBy !== undefined && { claimedBy }),
    ...(dryRun === true && { dryRun }),
  };
}

const SOURCES = ['poller', 'alert', 'operator', 'postcheck'] as const;
const KINDS = ['remediate', 'postcheck'] as const;

/** Validates a decoded queue message; throws REQUEST.INVALID naming what is wrong (the host then poisons it). */
export function parseRemediationRequest(body: unknown): RemediationRequest {
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TunnelwatchError('REQUEST.INVALID', 'remediation request must be a JSON object');
  }
  const o = body as Record<string, unknown>;
  const str = (name: string, required: boolean): string | undefined => {
    const v = o[name];
    if (v === undefined || v === null) {
      if (required) problems.push(`${name} is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v.length === 0 || v.length > 2048) {
      problems.push(`${name} must be a non-empty string of at most 2048 characters`);
      return undefined;
    }
    return v;
  };
  if (o.v !== 1) problems.push('v must be 1');
  const requestId = str('requestId', true);
  const kind = str('kind', true);
  const linkId = str('linkId', true);
  const source = str('source', true);
  const requestedAt = str('requestedAt', true);
  if (kind !== undefined && !(KINDS as readonly string[]).includes(kind))
    problems.push(`kind must be one of ${KINDS.join(', ')}`);
  if (source !== undefined && !(SOURCES as readonly string[]).includes(source))
    problems.push(`source must be one of ${SOURCES.join(', ')}`);
  if (linkId !== undefined && !linkId.toLowerCase().startsWith('/subscriptions/') && parseHuaweiId(linkId)?.type !== 'vpnConnections')
    problems.push('linkId must be an ARM resource id or a Huawei VPN connection id (/huawei/regions/…/vpnConnections/…)');
  if (requestedAt !== undefined && Number.isNaN(Date.parse(requestedAt)))
    problems.push('requestedAt must be an ISO 8601 time');
  if (o.dryRun !== undefined && typeof o.dryRun !== 'boolean') problems.push('dryRun must be a boolean');
  const incidentId = str('incidentId', false);
  const alertId = str('alertId', false);
  const requestedBy = str('requestedBy', false);
  const claimedBy = str('claimedBy', false);
  if (problems.length > 0)
    throw new TunnelwatchError('REQUEST.INVALID', `invalid remediation request: ${problems.join('; ')}`);
  return {
    v: 1,
    requestId: requestId!,
    kind: kind as RemediationRequest['kind'],
    linkId: linkId!,
    source: source as RemediationRequest['source'],
    requestedAt: requestedAt!,
    ...(incidentId !== undefined && { incidentId }),
    ...(alertId !== undefined && { alertId }),
    ...(requestedBy !== undefined && { requestedBy }),
    ...(claimedBy !== undefined && { claimedBy }),
    ...(typeof o.dryRun === 'boolean' && { dryRun: o.dryRun }),
  };
}
