import type { PollTarget } from '../../core/pollTarget';
import type { IncidentOpening, LinkTransition } from '../../core/trackLinkState';
import type { MonitoringDeps } from './monitoringDeps';
import type { PollFailure } from './monitoringPorts';
import type { RollupFlush } from './flushPendingRollups';
import { emptyChunkRead, pollChunk, readTargets, type ChunkOutcome } from './pollChunk';

export type PollOutcome = ChunkOutcome;

/**
 * A chunk is closed once it holds at least this many links, so a cycle's memory is bounded by the chunk, not the
 * fleet (each link costs a few KB while in flight: ARM body, observation, snapshot, state, entities). Large enough
 * that a 2,000-link fleet is one chunk and chunk edges add few round trips (one state read page and at most one
 * partial state transaction per chunk; snapshots are held back to full transactions across chunks).
 */
export const CHUNK_LINKS = 2_500;

/**
 * Polls targets chunk by chunk: read → project → track → write → drop. Targets are taken in the state store's order,
 * so each chunk's state rows are one contiguous range (one scan when `scanAll`), and read as many at a time as ARM
 * reads run at once until the chunk holds CHUNK_LINKS links. Shared by the inline cycle and the poll shards; the
 * outcome adds up the chunks, so it does not depend on the chunking.
 */
export async function pollTargets(deps: MonitoringDeps, targets: readonly PollTarget[], nowMs: number, scanAll: boolean): Promise<PollOutcome> {
  const ordered = [...targets].sort((a, b) => compare(deps.states.stateOrder(a.id), deps.states.stateOrder(b.id)));
  const wave = Math.max(1, deps.settings.armConcurrency);
  const snapshots = deps.snapshots.batchWriter();
  let outcome = emptyPollOutcome();
  let next = 0;
  while (next < ordered.length) {
    const chunk = emptyChunkRead();
    while (next < ordered.length && chunk.links < CHUNK_LINKS) {
      await readTargets(deps, ordered.slice(next, next + wave), chunk);
      next += wave;
    }
    outcome = addOutcomes(outcome, await pollChunk(deps, chunk, nowMs, scanAll, snapshots));
  }
  await snapshots.flush();
  return outcome;
}

export function emptyPollOutcome(): PollOutcome {
  return { links: 0, byStatus: {}, transitions: [], opened: [], closedIncidents: 0, failures: [], fallbackTargets: 0, requestsEnqueued: 0, rollups: { flushed: 0, pending: 0 } };
}

function addOutcomes(a: PollOutcome, b: PollOutcome): PollOutcome {
  const byStatus: Record<string, number> = { ...a.byStatus };
  for (const [status, n] of Object.entries(b.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
  const transitions: LinkTransition[] = [...a.transitions, ...b.transitions];
  const opened: IncidentOpening[] = [...a.opened, ...b.opened];
  const failures: PollFailure[] = [...a.failures, ...b.failures];
  const rollups: RollupFlush = { flushed: a.rollups.flushed + b.rollups.flushed, pending: a.rollups.pending + b.rollups.pending };
  return {
    links: a.links + b.links,
    byStatus,
    transitions,
    opened,
    closedIncidents: a.closedIncidents + b.closedIncidents,
    failures,
    fallbackTargets: a.fallbackTargets + b.fallbackTargets,
    requestsEnqueued: a.requestsEnqueued + b.requestsEnqueued,
    rollups,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
