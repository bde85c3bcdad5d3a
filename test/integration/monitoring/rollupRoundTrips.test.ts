import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { startHarness, T0, type Harness } from './monitoringHarness';

const MINUTE = 60_000;
let h: Harness;

beforeAll(async () => {
  // 2,000 links in 1,000 connections: the issue-3 fleet, where the budget of 1 round trip per 50 links is meaningful.
  // The subject is table round trips, so the lists carry connectionStatus (statusInLists): on the default simulator each
  // cycle would also GET every link, 2,000 reads that the read bucket cannot refill on this test's frozen clock.
  h = await startHarness(inject('azuriteConnectionString'), { fleet: '1x10x100x2', statusInLists: true });
});
afterAll(async () => h.stop());

describe('table round trips with rollups kept in link state', () => {
  it('when 2,000 links are polled across an hour boundary, then ordinary cycles stay within 1 round trip per 50 links and the hour is flushed once', async () => {
    const deps = h.deps('twrollrt');
    const cycle = (minute: number) => runPollCycle(deps, { now: new Date(T0 + minute * MINUTE) });
    const first = await cycle(59);
    const rollover = await cycle(60);
    const ordinary = await cycle(61);
    const links = ordinary.links;

    expect([first.links, rollover.rollupsFlushed, ordinary.rollupsFlushed]).toEqual([links, links, 0]);
    expect(links).toBeGreaterThanOrEqual(2000);
    expect(ordinary.tableRoundTrips).toBeLessThanOrEqual(links / 50);
    // Once an hour the rollover adds ⌈links/100⌉ rollup writes, a state read and ⌈connections/100⌉ acknowledgements.
    expect(rollover.tableRoundTrips - ordinary.tableRoundTrips).toBeLessThanOrEqual(links / 50);
  });
});
