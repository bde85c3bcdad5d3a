import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { createInMemoryTableCatalog } from '../../support/fakes/inMemoryTableCatalog';
import { monitoringSlices } from '../../../src/composition/slicedTables';
import { createTablePollRunStore } from '../../../src/adapters/storage/tablePollRunStore';
import type { PollRunRecord } from '../../../src/app/monitoring/monitoringPorts';
import { createPollerHealth } from '../../../src/app/monitoring/pollerHealth';
import { scheduleIntervalMs } from '../../../src/core/polling/scheduleIntervalMs';
import { healthDetailsHandler } from '../../../src/functions/healthDetails';

const NOW = Date.parse('2026-03-10T00:01:30.000Z');
const MINUTE = 60_000;

function run(startedMinutesAgo: number, overrides: Partial<PollRunRecord> = {}): PollRunRecord {
  const started = NOW - startedMinutesAgo * MINUTE;
  return { cycleId: String(started), shard: 'all', startedAt: new Date(started).toISOString(), finishedAt: new Date(started + 20_000).toISOString(), status: 'done', links: 10, failures: [], ...overrides };
}

async function health(runs: readonly PollRunRecord[], pollIntervalMs: number | null = MINUTE) {
  const counter = { count: 0 };
  const pollRuns = createTablePollRunStore(monitoringSlices(createInMemoryTableCatalog(counter), 'tw').pollRuns);
  for (const r of runs) await pollRuns.save(r);
  counter.count = 0;
  const events: Array<{ name: string; properties?: Readonly<Record<string, string>>; measurements?: Readonly<Record<string, number>> }> = [];
  const telemetry = { event: (name: string, properties?: Readonly<Record<string, string>>, measurements?: Readonly<Record<string, number>>) => events.push({ name, properties, measurements }), metric: () => undefined, flush: () => Promise.resolve() };
  const check = createPollerHealth({ pollRuns, clock: { now: () => new Date(NOW) }, telemetry, statusMaxAgeMs: 5 * MINUTE, ...(pollIntervalMs !== null && { pollIntervalMs }) });
  return { check, events, counter };
}

describe('poller health: a poller that has not completed a cycle for 3 intervals is visible', () => {
  it('when the last cycle completed a minute ago, then it is not overdue and nothing is reported', async () => {
    const { check, events } = await health([run(5), run(1)]);
    expect(await check()).toEqual({ lastCompletedCycleAt: run(1).finishedAt, pollerOverdue: false, overdueAfterSeconds: 180 });
    expect(events).toEqual([]);
  });

  it('when cycles started since but none completed for 4 intervals, then it is overdue, and PollCycleOverdue is sent once for that cycle', async () => {
    const { check, events } = await health([run(5), run(3, { status: 'running', finishedAt: undefined }), run(2, { shard: 'plan' }), run(1, { status: 'skipped' })]);
    const answer = await check();
    expect(answer).toEqual({ lastCompletedCycleAt: run(5).finishedAt, pollerOverdue: true, overdueAfterSeconds: 180 });
    await check();
    expect(events).toEqual([{ name: 'PollCycleOverdue', properties: { lastCompletedCycleAt: run(5).finishedAt }, measurements: { sinceSeconds: 5 * 60 - 20, overdueAfterSeconds: 180 } }]);
  });

  it('a completed shard counts as a completed cycle (sharded fleets)', async () => {
    const { check } = await health([run(10), run(1, { shard: '3' })]);
    expect((await check()).pollerOverdue).toBe(false);
  });

  it('when no cycle completed in the last day (across midnight too), then it is overdue with none', async () => {
    const { check, events } = await health([run(25 * 60)]);
    expect(await check()).toMatchObject({ lastCompletedCycleAt: null, pollerOverdue: true });
    expect(events.map((e) => e.properties)).toEqual([{ lastCompletedCycleAt: 'none' }]);
  });

  it('finds a cycle completed yesterday (the day partition before now)', async () => {
    const { check } = await health([run(3)], 10 * MINUTE);
    expect(await check()).toMatchObject({ lastCompletedCycleAt: run(3).finishedAt, pollerOverdue: false, overdueAfterSeconds: 1800 });
  });

  it('with an irregular schedule, the status max age is the bound', async () => {
    const { check } = await health([run(4)], null);
    expect(await check()).toMatchObject({ pollerOverdue: false, overdueAfterSeconds: 300 });
  });

  it('reads a bounded number of rows whatever the history: one query per day partition', async () => {
    const { check, counter } = await health(Array.from({ length: 500 }, (_, i) => run(i + 1)));
    await check();
    expect(counter.count).toBeLessThanOrEqual(2);
  });
});

describe('GET /api/health/details carries the poller check', () => {
  it('reports the last completed cycle and pollerOverdue beside the permissions (status stays about permissions)', async () => {
    const { check } = await health([run(10)]);
    const response = await healthDetailsHandler(async () => [], check)(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/health/details' }), new InvocationContext());
    expect(response.jsonBody).toMatchObject({ status: 'ok', pollerOverdue: true, lastCompletedCycleAt: run(10).finishedAt, overdueAfterSeconds: 180, permissions: [] });
  });
});

describe('scheduleIntervalMs', () => {
  it.each([
    ['*/10 * * * * *', 10_000],
    ['0 */1 * * * *', MINUTE],
    ['0 * * * * *', MINUTE],
    ['30 */5 * * * *', 5 * MINUTE],
    ['0 0 * * * *', 60 * MINUTE],
    ['0 0 */2 * * *', 120 * MINUTE],
    ['0 0 3 * * *', 24 * 60 * MINUTE],
    ['0 0,30 * * * *', undefined],
    ['0 */5 8-18 * * *', undefined],
    ['0 0 0 * * 1', undefined],
    ['*/5 * * * *', undefined],
    ['0 */0 * * * *', undefined],
  ])('%s → %s', (expression, expected) => expect(scheduleIntervalMs(expression)).toBe(expected));
});
