import { normalizeArmId } from '../../core/ids/armId';
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
 * Polls targets chunk by chunk: read → project → track → write → drop. Up to one wave of the targets that held a link
 * in a down streak when this scope ('all', or a shard's index) was last polled go first, in a chunk of their own: their
 * links last seen down are read at once (beyond the chunk's share of the GETs: `urgent`) and a link crossing its
 * threshold sends its request in the cycle's first seconds, not whenever its own chunk's turn comes. The rest follow in
 * the state store's order, so each chunk's state rows are one contiguous range (one scan when `scanAll`; the suspects
 * are read by target), read as many at a time as ARM reads run at once until the chunk holds CHUNK_LINKS links.
 * Shared by the inline cycle and the poll shards; the outcome adds up the chunks, so it does not depend on the chunking.
 */
export async function pollTargets(deps: MonitoringDeps, targets: readonly PollTarget[], nowMs: number, scanAll: boolean, scope?: string): Promise<PollOutcome> {
  const wave = Math.max(1, deps.settings.armConcurrency);
  const hint = await readHint(deps, scope);
  const ordered = [...targets].sort((a, b) => compare(deps.states.stateOrder(a.id), deps.states.stateOrder(b.id)));
  const byId = new Map(ordered.map((t) => [normalizeArmId(t.id), t]));
  const first = [...new Set(hint.map(normalizeArmId))].flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])).slice(0, wave);
  const moved = new Set(first.map((t) => t.id));
  const queue = [...first, ...ordered.filter((t) => !moved.has(t.id))];
  const snapshots = pipelineSnapshots(deps.snapshots.batchWriter());
  let next = 0;
  // Lists the cycle has still to send in a subscription: its status GETs must leave room for them in the minute.
  const listReadsLeft = (subscriptionId: string): number => countIn(queue.slice(next), subscriptionId);
  const budget = createStatusReadBudget(deps.fleet, undefined, listReadsLeft);
  // The metrics first: they decide which links are suspects before any chunk plans its GETs.
  const metrics = await deps.metrics?.round(ordered, nowMs, deps.settings.statusMaxAgeMs);
  let outcome = emptyPollOutcome();
  while (next < queue.length) {
    const chunk = { ...emptyChunkRead(), ...(metrics && { metrics: metrics.evidence }) };
    const start = next;
    const suspects = start < first.length;
    const end = suspects ? first.length : queue.length;
    while (next < end && chunk.links < CHUNK_LINKS) {
      await readTargets(deps, queue.slice(next, Math.min(end, next + wave)), chunk);
      next = Math.min(end, next + wave);
    }
    // The chunk's share of the cycle's GETs: its part of the targets still to poll.
    const share = (s: string): number => countIn(queue.slice(start, next), s) / Math.max(1, countIn(queue.slice(start), s));
    const read = suspects ? { scanAll, outOfOrder: moved } : { scanAll };
    outcome = addPollOutcomes(outcome, await pollChunk(deps, chunk, nowMs, read, snapshots, chunkReadBudget(budget, share, suspects)));
  }
  await snapshots.flush();
  await writeHint(deps, scope, hint, outcome.suspectTargets);
  return metrics ? { ...outcome, metricCalls: metrics.calls, ...(metrics.off && { metricsOff: metrics.off }) } : outcome;
}

/**
 * The scope's hint (none for a poll of chosen targets, which is no scope's whole), or none when it cannot be read: a
 * hint only orders the poll, so a storage failure here costs the usual order, and the state read reports storage.
 */
async function readHint(deps: MonitoringDeps, scope: string | undefined): Promise<readonly string[]> {
  if (scope === undefined || !deps.suspects) return [];
  try {
    return await deps.suspects.read(scope);
  } catch {
    return [];
  }
}

/**
 * Remembers this poll's suspects for the scope's next poll (not written when unchanged: a steady fleet costs one read
 * a cycle); failing to is only a lost hint, not a failed poll.
 */
async function writeHint(deps: MonitoringDeps, scope: string | undefined, previous: readonly string[], targetIds: readonly string[]): Promise<void> {
  if (scope === undefined || !deps.suspects) return;
  const key = (ids: readonly string[]): string => [...new Set(ids.map(normalizeArmId))].sort().join('|');
  if (key(previous) === key(targetIds)) return;
  try {
    await deps.suspects.write(scope, targetIds);
  } catch {
    // The next poll runs in the usual order.
  }
}

function countIn(targets: readonly PollTarget[], subscriptionId: string): number {
  return targets.filter((t) => t.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()).length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
