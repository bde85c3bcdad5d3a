import { TELEMETRY_NAMES } from '../../core/telemetryNames';
import type { MonitoringDeps } from './monitoringDeps';
import type { PollCycleSummary } from './pollCycleSummary';
import type { PollOutcome } from './pollTargets';

const { metrics, events, dimensions } = TELEMETRY_NAMES;

/** Cycle telemetry, if a sink is wired: counts per status, cost, transitions, incidents and per-gateway failures. */
export function reportCycle(deps: MonitoringDeps, summary: PollCycleSummary, outcome: PollOutcome): void {
  const t = deps.telemetry;
  if (!t) return;
  for (const [status, n] of Object.entries(summary.byStatus)) t.metric(metrics.linksByStatus, n, { [dimensions.status]: status });
  t.metric(metrics.cycleDurationMs, summary.durationMs);
  // fallbackTargets says when ARM's lists lacked connectionStatus and items were read one by one.
  t.metric(metrics.cycleArmRequests, summary.armRequests, { fallbackTargets: String(summary.fallbackTargets) });
  for (const tr of outcome.transitions) t.event(events.LinkTransition, { [dimensions.linkId]: tr.linkId, [dimensions.fromStatus]: tr.from, [dimensions.toStatus]: tr.to });
  for (const inc of outcome.opened) t.event(events.IncidentOpened, { [dimensions.linkId]: inc.linkId, [dimensions.incidentId]: inc.incidentId });
  for (const f of summary.failures) t.event(events.PollCycleFailed, { [dimensions.gatewayId]: f.gatewayId, [dimensions.errorCode]: f.code });
}
