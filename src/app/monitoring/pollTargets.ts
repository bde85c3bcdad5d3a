import { buildSnapshot } from '../../core/buildSnapshot';
import { errorCode, toError } from '../../core/errors';
import { linkGroupOf } from '../../core/linkGroup';
import { mapLimit } from '../../core/mapLimit';
import type { LinkSnapshot } from '../../core/linkSnapshot';
import { parseTags } from '../../core/parseTags';
import type { PollTarget } from '../../core/pollTarget';
import type { LinkObservation } from '../../core/projectLink';
import { linkInScope } from '../../core/scope';
import type { HourlyRollup } from '../../core/rollups/hourlyRollup';
import { pendingRollupsOf, rollLinkHour } from '../../core/rollups/linkHourRollup';
import { trackLinkState, type IncidentOpening, type LinkTransition, type TrackedLinkState } from '../../core/trackLinkState';
import type { MonitoringDeps } from './monitoringDeps';
import type { ConnectionGroup, PollFailure } from './monitoringPorts';
import { enqueuePendingRequests } from './enqueuePendingRequests';
import { flushPendingRollups, type RollupFlush } from './flushPendingRollups';

export interface PollOutcome {
  readonly snapshots: readonly LinkSnapshot[];
  readonly transitions: readonly LinkTransition[];
  readonly opened: readonly IncidentOpening[];
  readonly closedIncidents: number;
  readonly failures: readonly PollFailure[];
  readonly fallbackTargets: number;
  readonly requestsEnqueued: number;
  readonly rollups: RollupFlush;
}

interface GroupResult {
  readonly snapshots: LinkSnapshot[];
  readonly transitions: LinkTransition[];
  readonly opened: IncidentOpening[];
  closed: number;
  readonly pending: Array<{ readonly linkId: string; readonly linkKey: string; readonly incidentId: string }>;
  readonly rollups: HourlyRollup[];
}

/**
 * Reads the targets (bounded concurrency; one failing target is recorded, the rest go on), then applies one poll to
 * link state (ETag-safe), writes snapshots and transitions, opens incidents and enqueues their remediation requests
 * only after the state that records them is written. Shared by the inline cycle and the poll shards.
 */
export async function pollTargets(deps: MonitoringDeps, targets: readonly PollTarget[], nowMs: number, scanAllState: boolean): Promise<PollOutcome> {
  const { settings } = deps;
  const failures: PollFailure[] = [];
  let fallbackTargets = 0;
  const observations = new Map<string, LinkObservation>();
  const reads = await mapLimit(targets, settings.armConcurrency, async (target) => {
    try {
      return await deps.fleet.readTarget(target);
    } catch (thrown) {
      failures.push({ gatewayId: target.id, code: errorCode(thrown), message: toError(thrown).message.slice(0, 500) });
      return undefined;
    }
  });
  for (const read of reads) {
    if (!read) continue;
    if (read.fallbackReads > 0) fallbackTargets++;
    for (const o of read.observations) if (linkInScope(o.topology, settings.scopes)) observations.set(o.topology.key, o);
  }

  const groups = new Map<string, { group: ConnectionGroup; links: LinkObservation[] }>();
  for (const o of observations.values()) {
    const group = linkGroupOf(o.topology.id);
    if (!group) continue;
    const entry = groups.get(group.connectionId) ?? { group, links: [] };
    entry.links.push(o);
    groups.set(group.connectionId, entry);
  }
  const policy = { downStatuses: settings.downStatuses, stuckThresholdMs: settings.stuckThresholdMs };
  const results = await deps.states.update(
    [...groups.values()].map((g) => g.group),
    (group, current) => {
      const result: GroupResult = { snapshots: [], transitions: [], opened: [], closed: 0, pending: [], rollups: [] };
      const links: TrackedLinkState[] = [];
      for (const o of groups.get(group.connectionId)?.links ?? []) {
        const previous = current.get(o.topology.key);
        const snapshot = buildSnapshot(o, previous, nowMs);
        const tracked = trackLinkState(previous, snapshot, parseTags(o.tags).overrides, policy);
        // The hour's rollup rides in the state entity written anyway; finished hours are flushed after it lands.
        const state = { ...tracked.state, ...rollLinkHour(previous, snapshot) };
        links.push(state);
        result.rollups.push(...pendingRollupsOf(state));
        result.snapshots.push(snapshot);
        if (tracked.transition) result.transitions.push(tracked.transition);
        if (tracked.opened) result.opened.push(tracked.opened);
        if (tracked.closedIncidentId) result.closed++;
        if (tracked.state.pendingRequestFor) result.pending.push({ linkId: snapshot.id, linkKey: snapshot.key, incidentId: tracked.state.pendingRequestFor });
      }
      return { links, result };
    },
    // Snapshots only depend on the previous counters, which nobody but the poller writes, so they are written
    // while the state batches are in flight; transitions and incidents wait for the state that records them.
    { scanAll: scanAllState, alongside: (first) => deps.snapshots.write([...first.values()].flatMap((r) => r.snapshots)) },
  );
  const all = [...results.values()];
  const snapshots = all.flatMap((r) => r.snapshots);
  const transitions = all.flatMap((r) => r.transitions);
  await deps.transitions.write(transitions);
  const opened = all.flatMap((r) => r.opened);
  for (const incident of opened) {
    const { remediate: _remediate, ...row } = incident;
    await deps.incidents.open(row);
  }
  const requestsEnqueued = await enqueuePendingRequests(deps, all.flatMap((r) => r.pending), nowMs);
  const rollups = await flushPendingRollups(deps, all.flatMap((r) => r.rollups), scanAllState);
  return { snapshots, transitions, opened, closedIncidents: all.reduce((n, r) => n + r.closed, 0), failures, fallbackTargets, requestsEnqueued, rollups };
}
