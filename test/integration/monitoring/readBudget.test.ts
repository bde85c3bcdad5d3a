import { afterEach, describe, expect, inject, it } from 'vitest';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { parsePollShardMessage, pollShard } from '../../../src/app/monitoring/pollShard';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import type { SimulatorOptions } from '../../../src/simulator';
import { startHarness, type Harness } from './monitoringHarness';

/**
 * ARM's read bucket at twice its rate with less burst (300, refilled 50/s: 3,000 reads/min, 6 s of burst where ARM
 * has 10), lists without connectionStatus so every link costs a GET, on the real clock so the bucket refills while
 * the poller waits. The budget is half the allowance, as TW_ARM_READS_PER_MINUTE's default is of ARM's 1,500.
 */
const SIM: SimulatorOptions = { now: () => Date.now(), readBucket: { burst: 300, refillPerSecond: 50 } };
const HALF = '1500';

let h: Harness | undefined;
afterEach(async () => h?.stop());

async function fleetWithoutStatusInLists(fleet: string): Promise<Harness> {
  h = await startHarness(inject('azuriteConnectionString'), { ...SIM, fleet });
  h.sim.addFault({ kind: 'omit-status' });
  return h;
}

describe('read budget against the simulator', () => {
  it('when a fleet is polled cycle after cycle within the budget, ARM never answers 429', async () => {
    const harness = await fleetWithoutStatusInLists('1x4x10x2');
    const deps = harness.deps('twbudget', { TW_ARM_READS_PER_MINUTE: HALF });
    const started = Date.now();
    for (let cycle = 0; cycle < 4; cycle++) {
      harness.clock.advance(60_000);
      expect((await runPollCycle(deps)).failures).toEqual([]);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(deps.fleet.throttles!()).toBe(0);
    // The first cycle GETs every link (none confirmed yet); later cycles trust the moving counters.
    expect(deps.fleet.requestCounts().VpnSiteLinkConnections_Get).toBeGreaterThanOrEqual(80);
    // The reads went no faster than the budget: its 10 s burst, then 1,500/min.
    const reads = Object.values(deps.fleet.requestCounts()).reduce((a, b) => a + b, 0);
    expect(reads).toBeGreaterThan(84 + 3 * 4);
    expect(reads).toBeLessThanOrEqual(1500 / 6 + (1500 / 60) * seconds);
  }, 60_000);

  it('when the fleet is polled in shards on separate instances, their shares add up to one budget and ARM never answers 429', async () => {
    const harness = await fleetWithoutStatusInLists('1x8x20x2');
    const env = { TW_ARM_READS_PER_MINUTE: HALF, TW_SHARD_THRESHOLD_GATEWAYS: '1', TW_SHARD_SIZE_GATEWAYS: '1' };
    const plan = await runPollCycle(harness.deps('twbshard', env));
    const messages = (await createJsonQueue(harness.connection, 'twbshard-shards').peekJson(32)).map(parsePollShardMessage);
    expect(messages).toHaveLength(plan.shardsEnqueued);
    const sub = harness.sim.fleet.subscriptionIds()[0]!.toLowerCase();
    const shares = messages.map((m) => m.readsPerMinute?.[sub] ?? 0);
    // One gateway (or classic group) per shard: equal shares, together the budget.
    for (const share of shares) expect(share).toBeCloseTo(1500 / messages.length, 9);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1500, 9);

    // Every shard at once, each on its own instance (its own ARM adapter and pacer, as on separate hosts).
    const started = Date.now();
    const summaries = await Promise.all(messages.map((m) => pollShard(harness.deps('twbshard', env), m)));
    const seconds = (Date.now() - started) / 1000;
    expect(summaries.reduce((n, s) => n + s.links, 0)).toBe(harness.sim.listLinks().length);
    expect(summaries.reduce((n, s) => n + s.armThrottles, 0)).toBe(0);
    // Together the instances went no faster than one budget: the shares' bursts and rates add up to the budget's.
    const reads = summaries.reduce((n, s) => n + s.armRequests, 0);
    expect(reads).toBeGreaterThan(160);
    expect(reads).toBeLessThanOrEqual(1500 / 6 + (1500 / 60) * seconds);
  }, 60_000);
});
