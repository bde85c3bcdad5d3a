import { reportLinkThroughput } from './reportCycle';
import { errorCode, toError } from '../../core/errors';
import { linkGroupOf } from '../../core/ids/linkGroup';
import { mapLimit } from '../../core/mapLimit';
import { parseTags } from '../../core/linkState/parseTags';
import type { PollTarget } from '../../core/polling/pollTarget';
import type { LinkObservation } from '../../core/snapshot/projectLink';
import type { HourlyRollup } from '../../core/rollups/hourlyRollup';
import { pendingRollupsOf, rollLinkHour } from '../../core/rollups/linkHourRollup';
import { linkInScope } from '../../core/scope';
import { trackLinkState, type IncidentOpening, type LinkTransition, type TrackedLinkState } from '../../core/linkState/trackLinkState';
import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import { enqueuePendingRequests } from './enqueuePendingRequests';
import { flushPendingRollups } from './flushPendingRollups';
import type { MonitoringDeps } from './monitoringDeps';
import type { ConnectionGroup, PollFailure, SnapshotStore, StatusRead } from './monitoringPorts';
import { readLinkStatuses, snapshotWithStatus } from './readLinkStatuses';
import type { StatusReadBudget } from './statusReadBudget';
import { unconfirmedReasonOfStatus } from '../../core/status/resolveLinkStatus';
import type { PollOutcome } from './pollOutcome';
import type { MetricsRound } from './tunnelMetrics';

interface GroupResult {
  readonly snapshots: LinkSnapshot[];
  readonly transitions: LinkTransition[];
  readonly opened: IncidentOpening[];
  closed: number;
  readonly pending: Array<{ readonly linkId: string; readonly linkKey: string; readonly incidentId: string }>;
  readonly rollups: HourlyRollup[];
  /** Links whose status could not be confirmed within the max age, by reason. */
  readonly unconfirmed: Record<string, number>;
  /** A link of the group is in a down streak: its target is polled first next time. */
  suspect: boolean;
}

/** Links read from some targets, grouped by the connection whose state row holds them. */
export interface ChunkRead {
  readonly groups: Map<string, { readonly group: ConnectionGroup; readonly links: Map<string, LinkObservation> }>;
  readonly failures: PollFailure[];
  fallbackTargets: number;
  links: number;
  /** What the cycle's tunnel metrics say about a link (absent: metrics not in use). */
  metrics?: MetricsRound['evidence'];
}

export function emptyChunkRead(): ChunkRead {
  return { groups: new Map(), failures: [], fallbackTargets: 0, links: 0 };
}

/** Reads targets into `into` (bounded concurrency); one failing target is recorded, the rest go on. */
export async function readTargets(deps: MonitoringDeps, targets: readonly PollTarget[], into: ChunkRead): Promise<void> {
  const { settings } = deps;
  await mapLimit(targets, settings.armConcurrency, async (target) => {
    try {
      const read = await deps.fleet.listTarget(target);
      if (read.observations.some((o) => o.status === undefined)) into.fallbackTargets++;
      const inScope = read.observations.filter((o) => linkInScope(o.topology, settings.scopes));
      // The metrics round runs before the lists: a classic group's gateways serve the next cycle's round.
      if (target.kind === 'classicGroup') deps.metrics?.learn(target.id, inScope);
      for (const o of inScope) {
        const group = linkGroupOf(o.topology.id);
        if (!group) continue;
        const entry = into.groups.get(group.connectionId) ?? { group, links: new Map<string, LinkObservation>() };
        if (!entry.links.has(o.topology.key)) into.links++;
        entry.links.set(o.topology.key, o);
        into.groups.set(group.connectionId, entry);
      }
    } catch (thrown) {
      into.failures.push({ gatewayId: target.id, code: errorCode(thrown), message: toError(thrown).message.slice(0, 500) });
    }
  });
}

/**
 * One chunk of a poll, once read: applies it to link state (ETag-safe), writes snapshots and transitions, opens
 * incidents and enqueues each remediation request as soon as the state batch that records it has landed (while the
 * chunk's other writes go on), and flushes finished rollup hours.
 */
export async function pollChunk(
  deps: MonitoringDeps,
  chunk: ChunkRead,
  nowMs: number,
  read: { readonly scanAll: boolean; readonly outOfOrder?: ReadonlySet<string> },
  snapshots: ReturnType<SnapshotStore['batchWriter']>,
  budget: StatusReadBudget,
): Promise<PollOutcome> {
  const { settings } = deps;
  const { groups, failures, fallbackTargets } = chunk;
  const policy = { downStatuses: settings.downStatuses, stuckThresholdMs: settings.stuckThresholdMs };
  let reads = new Map<string, StatusRead>();
  let requestsEnqueued = 0;
  const results = await deps.states.update(
    [...groups.values()].map((g) => g.group),
    (group, current) => {
      const result: GroupResult = { snapshots: [], transitions: [], opened: [], closed: 0, pending: [], rollups: [], unconfirmed: {}, suspect: false };
      const links: TrackedLinkState[] = [];
      for (const o of groups.get(group.connectionId)?.links.values() ?? []) {
        const previous = current.get(o.topology.key);
        const snapshot = snapshotWithStatus(o, previous, reads.get(o.topology.key), nowMs, settings.statusMaxAgeMs, chunk.metrics?.(o.topology));
        const tracked = trackLinkState(previous, snapshot, parseTags(o.tags).overrides, policy);
        // The hour's rollup rides in the state entity written anyway; finished hours are flushed after it lands.
        const state = { ...tracked.state, ...rollLinkHour(previous, snapshot) };
        links.push(state);
        result.rollups.push(...pendingRollupsOf(state));
        result.snapshots.push(snapshot);
        const unconfirmed = unconfirmedReasonOfStatus(snapshot.statusReason);
        if (unconfirmed) result.unconfirmed[unconfirmed] = (result.unconfirmed[unconfirmed] ?? 0) + 1;
        if (tracked.transition) result.transitions.push(tracked.transition);
        if (tracked.opened) result.opened.push(tracked.opened);
        if (tracked.state.downSince !== undefined) result.suspect = true;
        if (tracked.closedIncidentId) result.closed++;
        if (tracked.state.pendingRequestFor) result.pending.push({ linkId: snapshot.id, linkKey: snapshot.key, incidentId: tracked.state.pendingRequestFor });
      }
      return { links, result };
    },
    {
      ...read,
      // The status GETs are planned from the states just read, so they cost no read of their own.
      prepare: async (current) => void (reads = await readLinkStatuses(deps, groups, current, budget, nowMs, chunk.metrics)),
      // Snapshots only depend on the previous counters and status evidence, which nobody but the poller writes, so
      // they are written while the state batches are in flight; transitions and incidents wait for their state.
      alongside: (first) => snapshots.add([...first.values()].flatMap((r) => r.snapshots)),
      // A crossing link's request leaves as soon as the state naming its incident has landed, not with the chunk.
      afterWrite: async (written) => {
        requestsEnqueued += await enqueuePendingRequests(deps, [...written.values()].flatMap((r) => r.pending), nowMs);
      },
    },
  );
  const all = [...results.values()];
  const byStatus: Record<string, number> = {};
  for (const r of all) for (const s of r.snapshots) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  const unconfirmed: Record<string, number> = {};
  for (const r of all) for (const [reason, n] of Object.entries(r.unconfirmed)) unconfirmed[reason] = (unconfirmed[reason] ?? 0) + n;
  for (const r of all) reportLinkThroughput(deps.telemetry, r.snapshots);
  const transitions = all.flatMap((r) => r.transitions);
  await deps.transitions.write(transitions);
  const opened = all.flatMap((r) => r.opened);
  const rollups = await flushPendingRollups(deps, all.flatMap((r) => r.rollups), read);
  const links = all.reduce((n, r) => n + r.snapshots.length, 0);
  const suspectTargets = [...new Set([...groups.values()].filter((g) => results.get(g.group.connectionId)?.suspect).map((g) => g.group.targetId))];
  return { links, byStatus, transitions, opened, closedIncidents: all.reduce((n, r) => n + r.closed, 0), failures, fallbackTargets, requestsEnqueued, rollups, unconfirmed, statusReads: reads.size, metricCalls: 0, suspectTargets };
}
