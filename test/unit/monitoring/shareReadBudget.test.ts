import { describe, expect, it } from 'vitest';
import { parsePollShardMessage } from '../../../src/app/monitoring/pollShard';
import { planPollShards } from '../../../src/core/polling/planPollShards';
import type { PollTarget } from '../../../src/core/polling/pollTarget';
import { shareReadBudget } from '../../../src/core/polling/shareReadBudget';

const gateway = (sub: string, n: number): PollTarget => ({ kind: 'vpnGateway', id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw${n}`, subscriptionId: sub, resourceGroup: 'rg' });

describe('shareReadBudget', () => {
  it("gives each shard the budget × its share of each subscription's gateways, adding up to the budget per subscription", () => {
    const targets = [...Array.from({ length: 7 }, (_, i) => gateway('SUB-A', i)), ...Array.from({ length: 3 }, (_, i) => gateway('sub-b', i))];
    const plan = planPollShards(targets, 1, 4);
    if (plan.mode !== 'sharded') throw new Error('expected shards');
    const shares = shareReadBudget(plan.shards, 750);
    // Sorted by id: shard 0 = 4 of sub-a, shard 1 = 3 of sub-a + 1 of sub-b, shard 2 = 2 of sub-b.
    expect(shares[0]).toEqual({ 'sub-a': (750 * 4) / 7 });
    expect(shares[1]).toEqual({ 'sub-a': (750 * 3) / 7, 'sub-b': 250 });
    expect(shares[2]).toEqual({ 'sub-b': 500 });
    for (const sub of ['sub-a', 'sub-b']) expect(shares.reduce((sum, s) => sum + (s[sub] ?? 0), 0)).toBeCloseTo(750, 9);
  });
});

describe('poll shard message readsPerMinute', () => {
  const base = { v: 1, cycleId: '1767607200000', shard: 0, targets: [gateway('sub-a', 1)] };

  it('carries the share through, and stays optional for messages sent before it existed', () => {
    expect(parsePollShardMessage({ ...base, readsPerMinute: { 'sub-a': 93.75 } }).readsPerMinute).toEqual({ 'sub-a': 93.75 });
    expect(parsePollShardMessage(base).readsPerMinute).toBeUndefined();
  });

  it.each([[-1], ['100'], [Number.POSITIVE_INFINITY], [null]])('refuses a share of %s as REQUEST.INVALID', (share) => {
    expect(() => parsePollShardMessage({ ...base, readsPerMinute: { 'sub-a': share } })).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID' }));
  });
  it('refuses a non-object readsPerMinute', () => {
    expect(() => parsePollShardMessage({ ...base, readsPerMinute: [1] })).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID' }));
  });
});
