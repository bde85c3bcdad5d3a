import type { LinkObservation } from '../../core/snapshot/projectLink';
import { buildSnapshot } from '../../core/snapshot/buildSnapshot';
import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import { counterTrend } from '../../core/status/counterTrend';
import { planStatusReads, type StatusCandidate } from '../../core/status/planStatusReads';
import { resolveLinkStatus, unconfirmedReasonOf } from '../../core/status/resolveLinkStatus';
import type { TrackedLinkState } from '../../core/linkState/trackLinkState';
import type { MonitoringDeps } from './monitoringDeps';
import type { StatusRead } from './monitoringPorts';
import type { StatusReadBudget } from './statusReadBudget';
import type { LinkMetricEvidence } from '../../core/status/tunnelMetricEvidence';
import type { LinkTopology } from '../../core/snapshot/linkSnapshot';

type MetricEvidenceOf = (link: LinkTopology) => LinkMetricEvidence | undefined;

type Groups = ReadonlyMap<string, { readonly links: ReadonlyMap<string, LinkObservation> }>;

/**
 * Sends the status GETs the plan picks for a chunk (links down or unknown first, then those whose counters stopped,
 * then the oldest), within each subscription's allowance. `current` is the chunk's link state by connection id.
 * Returns the reads by link key; a link absent from it got no read this poll.
 */
export async function readLinkStatuses(
  deps: MonitoringDeps,
  groups: Groups,
  current: ReadonlyMap<string, ReadonlyMap<string, TrackedLinkState>>,
  budget: StatusReadBudget,
  nowMs: number,
  metricsOf: MetricEvidenceOf = () => undefined,
): Promise<Map<string, StatusRead>> {
  const candidates: StatusCandidate[] = [];
  const byKey = new Map<string, LinkObservation>();
  for (const [connectionId, { links }] of groups) {
    for (const o of links.values()) {
      const previous = current.get(connectionId)?.get(o.topology.key);
      byKey.set(o.topology.key, o);
      const metrics = metricsOf(o.topology);
      candidates.push({ key: o.topology.key, subscriptionId: o.topology.subscriptionId, ...(o.status !== undefined && { listStatus: o.status }), trend: counterTrend(o, previous), ...(previous && { previous }), ...(metrics && { metrics }) });
    }
  }
  const subscriptions = new Set(candidates.map((c) => c.subscriptionId));
  const allowances = Object.fromEntries([...subscriptions].map((s) => [s, budget.allowance(s)]));
  const urgent = budget.urgentAllowance ? Object.fromEntries([...subscriptions].map((s) => [s, budget.urgentAllowance!(s)])) : {};
  // Half the max age: an idle link is read again well before its status would age out.
  const plan = planStatusReads(candidates, allowances, nowMs, deps.settings.statusMaxAgeMs / 2, urgent);
  const links = plan.reads.flatMap((key) => byKey.get(key)?.topology ?? []);
  for (const s of subscriptions) budget.spend(s, links.filter((l) => l.subscriptionId === s).length);
  const reads = links.length > 0 ? await deps.fleet.readStatuses(links) : [];
  const keyOfId = new Map(links.map((l) => [l.id, l.key]));
  return new Map(reads.flatMap((r) => (keyOfId.has(r.id) ? [[keyOfId.get(r.id)!, r] as const] : [])));
}

/** One link's snapshot for this poll, its status resolved from the list, a GET, its counters, its metrics or the last confirmation. */
export function snapshotWithStatus(
  o: LinkObservation,
  previous: TrackedLinkState | undefined,
  read: StatusRead | undefined,
  nowMs: number,
  maxAgeMs: number,
  metrics?: LinkMetricEvidence,
): LinkSnapshot {
  // A GET that answered without connectionStatus reports ARM's documented default, Unknown.
  const got = read && read.code === undefined ? { status: read.status ?? 'Unknown', source: 'get' as const } : undefined;
  const observed = o.status !== undefined ? { status: o.status, source: 'list' as const } : got;
  const resolved = resolveLinkStatus(
    {
      ...(observed && { observed }),
      trend: counterTrend(o, previous),
      ...(previous && { previous }),
      ...(metrics && { metrics }),
      ...(read?.code !== undefined && { unconfirmedReason: unconfirmedReasonOf(read.code) }),
    },
    nowMs,
    maxAgeMs,
  );
  return { ...buildSnapshot(o, previous, nowMs), ...resolved };
}
