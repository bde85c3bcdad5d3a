import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTableCatalog } from '../../../src/adapters/storage/tableClients';
import { monitoringSlices } from '../../../src/composition/slicedTables';
import { createTableRollupStore } from '../../../src/adapters/storage/tableRollupStore';
import type { ProductionMonitoringDeps } from '../../../src/composition/createMonitoringDeps';
import type { PollShardMessage } from '../../../src/app/monitoring/monitoringPorts';
import type { PollCycleSummary } from '../../../src/app/monitoring/pollCycleSummary';
import { parsePollShardMessage, pollShard } from '../../../src/app/monitoring/pollShard';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { getHistory } from '../../../src/app/queries/getHistory';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { buildQueryDeps } from '../../../src/composition/queryDeps';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { parseHistoryQuery } from '../../../src/core/queries/parseHistoryQuery';
import { readSnapshots, startHarness, T0, type Harness } from './monitoringHarness';

const MINUTE = 60_000;
const HOUR10 = new Date(T0).toISOString();
const HOUR11 = new Date(T0 + 60 * MINUTE).toISOString();
let h: Harness;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'), { fleet: '1x2x3x2' });
});
afterAll(async () => h.stop());

/** What the raw snapshots of one hour say, computed plainly: each sample covers the time since the link's previous one. */
function expectedFromRaw(rows: readonly LinkSnapshot[], hour: string) {
  const sorted = [...rows].sort((a, b) => a.polledAt.localeCompare(b.polledAt));
  const end = Date.parse(hour) + 60 * MINUTE;
  const e = { samples: 0, upSamples: 0, downSeconds: 0, ingressBytes: 0n, egressBytes: 0n };
  sorted.forEach((s, i) => {
    const t = Date.parse(s.polledAt);
    if (t < Date.parse(hour) || t >= end) return;
    const up = s.status === 'Connected';
    e.samples++;
    if (up) e.upSamples++;
    const prev = sorted[i - 1];
    if (!prev) return;
    if (!up) e.downSeconds += (t - Date.parse(prev.polledAt)) / 1000;
    e.ingressBytes += BigInt(s.ingressBytes) - BigInt(prev.ingressBytes);
    e.egressBytes += BigInt(s.egressBytes) - BigInt(prev.egressBytes);
  });
  return { ...e, ingressBytes: String(e.ingressBytes), egressBytes: String(e.egressBytes) };
}

/** Polls every 5 minutes from 10:35 to 11:05; one link is down between the 10:40 and 10:50 polls and one moves known traffic. */
async function pollAcrossTheHour(cycle: (nowMs: number) => Promise<PollCycleSummary>): Promise<PollCycleSummary[]> {
  const [flapping, busy] = h.sim.listLinks();
  const summaries: PollCycleSummary[] = [];
  for (let minute = 35; minute <= 65; minute += 5) {
    h.clock.ms = T0 + minute * MINUTE;
    h.sim.setLinkState({ id: busy!.id, ingressBytes: minute * 1_000_000, egressBytes: minute * 10 });
    summaries.push(await cycle(h.clock.ms));
    // The link goes down right after the 10:40 poll and comes back right after 10:50: the 10:45 poll sees its
    // counters stopped (and a GET says down), the 10:55 poll sees them move again (status from traffic).
    if (minute === 40) h.sim.setLinkState({ id: flapping!.id, status: 'NotConnected' });
    if (minute === 50) h.sim.setLinkState({ id: flapping!.id, status: 'Connected' });
  }
  return summaries;
}

async function expectRollupsMatchRaw(prefix: string): Promise<void> {
  const rollups = createTableRollupStore(monitoringSlices(createTableCatalog(h.connection), prefix).rollups);
  const snapshots = await readSnapshots(h.connection, prefix);
  const keys = [...new Set(snapshots.map((s) => s.key))];
  expect(keys.length).toBe(h.sim.listLinks().length);
  for (const key of keys) {
    const [stored] = await rollups.readLinkHours(key, [HOUR10, HOUR11]);
    const expected = expectedFromRaw(snapshots.filter((s) => s.key === key), HOUR10);
    expect({ key, hour: stored?.hour, samples: stored?.samples, upSamples: stored?.upSamples, downSeconds: stored?.downSeconds, ingressBytes: stored?.ingressBytes, egressBytes: stored?.egressBytes }).toEqual({ key, hour: HOUR10, ...expected });
  }
  const [flapping, busy] = h.sim.listLinks();
  expect((await rollups.readLinkHours(linkKeyFromId(flapping!.id), [HOUR10]))[0]).toMatchObject({ samples: 5, upSamples: 3, downSeconds: 600 });
  expect((await rollups.readLinkHours(linkKeyFromId(busy!.id), [HOUR10]))[0]).toMatchObject({ ingressBytes: String(20_000_000) });
  // The fleet chart's sums over the same rows: one scan of the day partition.
  const perLink = await Promise.all(keys.map(async (key) => (await rollups.readLinkHours(key, [HOUR10]))[0]!));
  expect(await rollups.readFleetHours([HOUR10])).toEqual([
    { hour: HOUR10, links: keys.length, linksDown: perLink.filter((r) => r.downSeconds > 0 || r.upSamples < r.samples).length, downSeconds: perLink.reduce((n, r) => n + r.downSeconds, 0) },
  ]);
  expect(perLink.some((r) => r.downSeconds > 0)).toBe(true);
}

describe('hourly rollups kept by the poller', () => {
  it('when inline cycles cross an hour boundary, then the finished hour equals its raw snapshots, written once, without extra round trips in ordinary cycles', async () => {
    const deps = h.deps('twroll');
    const summaries = await pollAcrossTheHour((nowMs) => runPollCycle(deps, { now: new Date(nowMs) }));

    await expectRollupsMatchRaw('twroll');
    const links = h.sim.listLinks().length;
    expect(summaries.map((s) => s.rollupsFlushed)).toEqual([0, 0, 0, 0, 0, links, 0]);
    // Ordinary cycles (neither the first sighting nor the rollover) cost the same; the rollover adds the rollup
    // write and the acknowledgement of state, once an hour.
    const ordinary = summaries.filter((s, i) => i > 0 && s.rollupsFlushed === 0 && s.transitions === 0 && s.incidentsOpened === 0).map((s) => s.tableRoundTrips);
    expect(ordinary.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ordinary).size).toBe(1);
  });

  it('when the current hour is asked at resolution=hour, then it is served from raw snapshots before it is flushed', async () => {
    const key = linkKeyFromId(h.sim.listLinks()[1]!.id);
    const parsed = parseHistoryQuery(new URLSearchParams({ from: HOUR10, to: new Date(T0 + 66 * MINUTE).toISOString(), resolution: 'hour' }), new Date(h.clock.ms));
    if (!parsed.ok) throw new Error('bad query');
    const result = await getHistory({ ...buildQueryDeps(h.connection, 'twroll'), clock: h.clock }, key, parsed.value);
    expect(result.points.map((p) => ('hour' in p ? [p.hour, p.samples, p.ingressBytes] : []))).toEqual([
      [HOUR10, 5, String(20_000_000)],
      [HOUR11, 2, String(10_000_000)],
    ]);
  });

  it('when shards poll across an hour boundary, then the rollups equal the raw snapshots as inline', async () => {
    const deps: ProductionMonitoringDeps = h.deps('twrollsh', { TW_SHARD_THRESHOLD_GATEWAYS: '1', TW_SHARD_SIZE_GATEWAYS: '1' });
    h.clock.ms = T0;
    await runPollCycle(deps);
    const messages: PollShardMessage[] = (await createJsonQueue(h.connection, 'twrollsh-shards').peekJson(32)).map(parsePollShardMessage);
    expect(messages.length).toBeGreaterThan(1);
    await pollAcrossTheHour(async (nowMs) => {
      const shards = await Promise.all(messages.map((m) => pollShard(deps, { ...m, cycleId: String(nowMs) }, { now: new Date(nowMs) })));
      return shards.reduce((a, s) => ({ ...a, rollupsFlushed: a.rollupsFlushed + s.rollupsFlushed }));
    });
    await expectRollupsMatchRaw('twrollsh');
  });
});
