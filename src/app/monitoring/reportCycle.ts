import { TELEMETRY_NAMES } from '../../core/telemetryNames';
import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import type { Telemetry } from '../ports';
import type { MonitoringDeps } from './monitoringDeps';
import type { PollCycleSummary } from './pollCycleSummary';
import type { PollOutcome } from './pollOutcome';

const { metrics, events, dimensions } = TELEMETRY_NAMES;

/** Cycle telemetry, if a sink is wired: counts per status, cost, transitions, incidents and per-gateway failures. */
export function reportCycle(deps: MonitoringDeps, summary: PollCycleSummary, outcome: PollOutcome): void {
  const t = deps.telemetry;
  if (!t) return;
  for (const [status, n] of Object.entries(summary.byStatus)) t.metric(metrics.linksByStatus, n, { [dimensions.status]: status });
  t.metric(metrics.cycleDurationMs, summary.durationMs);
  // fallbackTargets says when ARM's lists lacked connectionStatus and items were read one by one.
  t.metric(metrics.cycleArmRequests, summary.armRequests, { fallbackTargets: String(summary.fallbackTargets) });
  t.metric(metrics.cycleThrottles, summary.armThrottles);
  for (const tr of outcome.transitions) t.event(events.LinkTransition, { [dimensions.linkId]: tr.linkId, [dimensions.fromStatus]: tr.from, [dimensions.toStatus]: tr.to });
  for (const inc of outcome.opened) t.event(events.IncidentOpened, { [dimensions.linkId]: inc.linkId, [dimensions.incidentId]: inc.incidentId });
  const unconfirmed = Object.values(summary.unconfirmed).reduce((a, b) => a + b, 0);
  if (unconfirmed > 0)
    t.event(events.StatusUnconfirmed, { [dimensions.reason]: Object.keys(summary.unconfirmed).sort().join(',') }, { links: unconfirmed, ...summary.unconfirmed });
  for (const f of summary.failures) t.event(events.PollCycleFailed, { [dimensions.gatewayId]: f.gatewayId, [dimensions.errorCode]: f.code });
}

/** Per-link throughput, sent chunk by chunk as the poll goes (so the cycle never holds every snapshot for it). */
export function reportLinkThroughput(telemetry: Telemetry | undefined, snapshots: readonly LinkSnapshot[]): void {
  if (!telemetry) return;
  for (const s of snapshots) {
    if (s.ingressBps !== undefined) telemetry.metric(metrics.linkIngressBps, s.ingressBps, { [dimensions.linkId]: s.id });
    if (s.egressBps !== undefined) telemetry.metric(metrics.linkEgressBps, s.egressBps, { [dimensions.linkId]: s.id });
  }
}
