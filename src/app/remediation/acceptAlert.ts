import { parseAlert } from '../../core/remediation/parseAlert';
import { buildRemediationRequest, type RemediationRequest } from '../../core/remediationRequest';
import type { LinkStateReader, RemediationQueue } from '../ports';
import { mapAlertToLinks } from './mapAlertToLinks';
import type { AlertDedup, AuditStore, TokenValidator } from './remediationPorts';

export interface AlertDeps {
  readonly linkStates: LinkStateReader;
  readonly queue: RemediationQueue;
  readonly dedup: AlertDedup;
  readonly audit: AuditStore;
  readonly scopes: readonly string[];
  readonly newId: () => string;
}

/** What the webhook edge needs around the use case: body limit, optional token check, clock. */
export interface AlertHttpDeps extends AlertDeps {
  readonly maxBodyBytes: number;
  /** Present when TW_ALERT_AAD_TENANT_ID is set: Azure Monitor secure webhook tokens are then required too. */
  readonly tokenValidator?: TokenValidator;
  readonly clock: { now(): Date };
}

export interface AlertAcceptance {
  /** accepted: requests enqueued; duplicate: a retry of a delivery already enqueued; ignored: nothing to do. */
  readonly status: 'accepted' | 'duplicate' | 'ignored';
  readonly reason: string;
  readonly alertId: string;
  readonly monitorCondition: string;
  readonly linkIds: readonly string[];
}

/**
 * The webhook use case: parse, dedupe on alert id + monitor condition, map to watched links, enqueue one request
 * per link and answer. It never calls ARM: the actuator decides on fresh state (an alert is a hint).
 * Throws REQUEST.INVALID for bodies that are not alerts at all (the function answers 400).
 */
export async function acceptAlert(deps: AlertDeps, body: unknown, now: Date): Promise<AlertAcceptance> {
  const alert = parseAlert(body);
  const base = { alertId: alert.alertId, monitorCondition: alert.monitorCondition, linkIds: [] as string[] };
  const record = async (status: AlertAcceptance['status'], reason: string, linkIds: readonly string[] = []): Promise<AlertAcceptance> => {
    await deps.audit.append({
      id: deps.newId(),
      at: now.toISOString(),
      source: 'alert',
      actor: alert.alertId || 'unidentified alert',
      step: 'webhook',
      action: status === 'accepted' ? 'enqueue' : 'acknowledge',
      outcome: status === 'accepted' ? 'enqueued' : 'ignored',
      reason: linkIds.length > 0 ? `${reason}: ${linkIds.length} link(s)` : reason,
    });
    return { ...base, status, reason, linkIds };
  };
  if (alert.kind === 'ignored') return record('ignored', alert.reason);
  const dedupKey = `${alert.alertId}|${alert.monitorCondition}`;
  if ((await deps.dedup.claim(dedupKey, now)) === 'duplicate') return { ...base, status: 'duplicate', reason: 'already-enqueued' };
  const mapping = mapAlertToLinks(alert.targets, await deps.linkStates.list(), deps.scopes);
  if (mapping.links.length === 0) {
    await deps.dedup.markEnqueued(dedupKey);
    return record('ignored', mapping.outOfScope.length > 0 ? 'out-of-scope' : 'no-known-links');
  }
  for (const link of mapping.links) await deps.queue.send(requestFor(deps, alert.alertId, link, now));
  await deps.dedup.markEnqueued(dedupKey);
  return record('accepted', 'enqueued', mapping.links.map((l) => l.linkId));
}

function requestFor(deps: AlertDeps, alertId: string, link: { linkId: string; incidentId?: string }, now: Date): RemediationRequest {
  return buildRemediationRequest({ requestId: deps.newId(), kind: 'remediate', linkId: link.linkId, source: 'alert', alertId: alertId.slice(0, 2048), requestedAt: now, incidentId: link.incidentId });
}
