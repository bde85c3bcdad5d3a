import type { PollShard } from './planPollShards';

/**
 * Each poll shard's share of the per-subscription read budget: budget × the shard's gateways in that subscription ÷
 * the subscription's gateways in all shards. The shares of one subscription add up to the budget, so shards polled
 * at once, on any number of instances, stay within it together.
 */
export function shareReadBudget(shards: readonly PollShard[], readsPerMinute: number): Array<Record<string, number>> {
  const count = (targets: PollShard['targets']): Map<string, number> => {
    const bySub = new Map<string, number>();
    for (const t of targets) bySub.set(t.subscriptionId.toLowerCase(), (bySub.get(t.subscriptionId.toLowerCase()) ?? 0) + 1);
    return bySub;
  };
  const totals = count(shards.flatMap((s) => s.targets));
  return shards.map((shard) => Object.fromEntries([...count(shard.targets)].map(([sub, n]) => [sub, (readsPerMinute * n) / totals.get(sub)!])));
}
