import { linkGroupOf } from '../../core/ids/linkGroup';
import { buildRemediationRequest, type RemediationRequest } from '../../core/remediation/remediationRequest';
import { enqueueGated } from '../remediation/enqueueGated';
import type { MonitoringDeps } from './monitoringDeps';
import type { ConnectionGroup } from './monitoringPorts';

/**
 * Sends the remediation request of every incident whose request is recorded as pending in link state, then clears
 * the pending mark (ETag-safe). Order matters: the state naming the incident is written first, so a crash before the
 * send leaves the mark and the next cycle sends it; a crash between send and clear sends it once more, with the same
 * requestId and incidentId, which the consumer deduplicates. Normal operation sends exactly one per incident.
 * A link whose request gate another request holds (an alert's or an operator's, queued or being decided) keeps its
 * mark: that request may have read the state before this incident was opened, so the next cycle tries again.
 */
export async function enqueuePendingRequests(deps: MonitoringDeps, pending: ReadonlyArray<{ linkId: string; linkKey: string; incidentId: string }>, nowMs: number): Promise<number> {
  if (pending.length === 0) return 0;
  const sent = new Map<string, string>();
  for (const p of pending) {
    const request = buildRemediationRequest({ requestId: `${p.incidentId}~poller`, kind: 'remediate', linkId: p.linkId, source: 'poller', incidentId: p.incidentId, requestedAt: new Date(nowMs) });
    const gate = deps.requestGate;
    const admitted = gate ? await enqueueGated({ queue: deps.remediationQueue, requestGate: gate }, request, p.linkKey, new Date(nowMs)) : await sendAlways(deps, request);
    if (admitted) sent.set(p.linkKey, p.incidentId);
  }
  if (sent.size === 0) return 0;
  const groups = new Map<string, ConnectionGroup>();
  for (const p of pending.filter((q) => sent.has(q.linkKey))) {
    const group = linkGroupOf(p.linkId);
    if (group) groups.set(group.connectionId, group);
  }
  await deps.states.update([...groups.values()], (_group, current) => ({
    links: [...current.values()].map((s) => {
      if (s.pendingRequestFor === undefined || sent.get(s.key) !== s.pendingRequestFor) return s;
      const { pendingRequestFor: _done, ...rest } = s;
      return rest;
    }),
    result: undefined,
  }));
  return sent.size;
}

async function sendAlways(deps: MonitoringDeps, request: RemediationRequest): Promise<true> {
  await deps.remediationQueue.send(request);
  return true;
}
