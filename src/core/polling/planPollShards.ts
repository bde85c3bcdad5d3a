import type { PollTarget } from './pollTarget';

export interface PollShard {
  readonly index: number;
  readonly targets: readonly PollTarget[];
}

export type PollPlan = { readonly mode: 'inline'; readonly targets: readonly PollTarget[] } | { readonly mode: 'sharded'; readonly shards: readonly PollShard[] };

/**
 * Inline below the threshold; above it, fixed-size shards in a stable order (by id), so the same fleet always
 * splits the same way and a re-delivered shard names the same gateways.
 */
export function planPollShards(targets: readonly PollTarget[], thresholdGateways: number, shardSize: number): PollPlan {
  if (targets.length <= thresholdGateways) return { mode: 'inline', targets };
  const sorted = [...targets].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0));
  const size = Math.max(1, shardSize);
  const shards: PollShard[] = [];
  for (let i = 0; i < sorted.length; i += size) shards.push({ index: shards.length, targets: sorted.slice(i, i + size) });
  return { mode: 'sharded', shards };
}
