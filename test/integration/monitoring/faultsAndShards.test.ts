import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { parsePollShardMessage, pollShard } from '../../../src/app/monitoring/pollShard';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { readRows, readSnapshots, startHarness, type Harness } from './monitoringHarness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
});
afterAll(async () => h.stop());

describe('failing gateways', () => {
  it.each([
    ['500', 'ARM.UNAVAILABLE'],
    ['429', 'ARM.THROTTLED'],
  ] as const)('when one gateway answers %s, then it is recorded with %s and the others are stored', async (kind, code) => {
    const prefix = `twfail${kind}`;
    const deps = h.deps(prefix);
    const gateways = [...new Set(h.sim.listLinks().filter((l) => l.kind === 'vwan' && l.id.includes(h.sim.fleet.subscriptionIds()[0]!)).map((l) => l.gatewayId))];
    h.sim.addFault({ kind, operation: 'VpnConnections_ListByVpnGateway', id: gateways[1]! });
    try {
      const summary = await runPollCycle(deps);
      expect(summary.failures).toEqual([{ gatewayId: gateways[1], code, message: expect.any(String) }]);
      const stored = new Set((await readSnapshots(h.connection, prefix)).map((r) => r.gatewayId.toLowerCase()));
      expect(stored.has(gateways[0]!.toLowerCase()) && stored.has(gateways[2]!.toLowerCase()) && !stored.has(gateways[1]!.toLowerCase())).toBe(true);
      const runs = await readRows(h.connection, prefix, 'pollRuns');
      expect(JSON.parse(String(runs[0]?.failures))).toEqual(summary.failures);
    } finally {
      h.sim.clearFaults();
    }
  });
});

describe('scale-out', () => {
  it('stores the same snapshots and state whether the fleet is polled inline or in shards', async () => {
    const inline = h.deps('twinline', { TW_SHARD_THRESHOLD_GATEWAYS: '100' });
    const sharded = h.deps('twsharded', { TW_SHARD_THRESHOLD_GATEWAYS: '1', TW_SHARD_SIZE_GATEWAYS: '2' });

    const inlineSummary = await runPollCycle(inline);
    const plan = await runPollCycle(sharded);
    expect([inlineSummary.mode, plan.mode, plan.shardsEnqueued]).toEqual(['inline', 'sharded', 2]);
    const queue = createJsonQueue(h.connection, 'twsharded-shards');
    const messages = (await queue.peekJson(32)).map(parsePollShardMessage);
    for (const message of messages) await pollShard(sharded, message);
    const again = await pollShard(sharded, messages[0]!);
    expect(again.mode).toBe('skipped');

    const comparable = async (prefix: string, table: 'snapshots' | 'linkState'): Promise<string[]> =>
      (await readRows(h.connection, prefix, table)).map(({ etag: _e, ...row }) => JSON.stringify(row, Object.keys(row).sort())).sort();
    expect(await comparable('twsharded', 'snapshots')).toEqual(await comparable('twinline', 'snapshots'));
    expect(await comparable('twsharded', 'linkState')).toEqual(await comparable('twinline', 'linkState'));
  });

  it('does not let a second cycle run while one holds the lease', async () => {
    const deps = h.deps('twlease');
    await deps.ensureStorage();
    await deps.leases.acquire('poll-cycle', 'someone-else', h.clock.ms, 60_000);
    const summary = await runPollCycle(deps);
    expect(summary.mode).toBe('skipped');
    h.clock.advance(61_000);
    expect((await runPollCycle(deps)).mode).toBe('inline');
  });
});
