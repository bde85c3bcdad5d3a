import type { PollTarget } from '../../core/polling/pollTarget';
import type { MonitoringDeps } from './monitoringDeps';
import { emptyChunkRead, pollChunk, readTargets } from './pollChunk';
import { pipelineSnapshots } from './snapshotPipeline';
import { chunkReadBudget, createStatusReadBudget } from './statusReadBudget';
import { addPollOutcomes, emptyPollOutcome, type PollOutcome } from './pollOutcome';

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
  const snapshots = pipelineSnapshots(deps.snapshots.batchWriter());
  let next = 0;
  // Lists the cycle has still to send in a subscription: its status GETs must leave room for them in the minute.
  const listReadsLeft = (subscriptionId: string): number => countIn(ordered.slice(next), subscriptionId);
  const budget = createStatusReadBudget(deps.fleet, undefined, listReadsLeft);
  // The metrics first: they decide which links are suspects before any chunk plans its GETs.
  const metrics = await deps.metrics?.round(ordered, nowMs, deps.settings.statusMaxAgeMs);
  let outcome = emptyPollOutcome();
  while (next < ordered.length) {
    const chunk = { ...emptyChunkRead(), ...(metrics && { metrics: metrics.evidence }) };
    const first = next;
    while (next < ordered.length && chunk.links < CHUNK_LINKS) {
      await readTargets(deps, ordered.slice(next, next + wave), chunk);
      next += wave;
    }
    // The chunk's share of the cycle's GETs: its part of the targets still to poll.
    const share = (s: string): number => countIn(ordered.slice(first, next), s) / Math.max(1, countIn(ordered.slice(first), s));
    outcome = addPollOutcomes(outcome, await pollChunk(deps, chunk, nowMs, scanAll, snapshots, chunkReadBudget(budget, share)));
  }
  await snapshots.flush();
  return metrics ? { ...outcome, metricCalls: metrics.calls, ...(metrics.off && { metricsOff: metrics.off }) } : outcome;
}

function countIn(targets: readonly PollTarget[], subscriptionId: string): number {
  return targets.filter((t) => t.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()).length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
