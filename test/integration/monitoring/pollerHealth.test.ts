import { describe, expect, inject, it } from 'vitest';
import { createTableCatalog } from '../../../src/adapters/storage/tableClients';
import { monitoringSlices } from '../../../src/composition/slicedTables';
import { createTablePollRunStore } from '../../../src/adapters/storage/tablePollRunStore';
import type { PollRunRecord } from '../../../src/app/monitoring/monitoringPorts';
import { createPollerHealth } from '../../../src/app/monitoring/pollerHealth';

const NOW = Date.parse('2026-03-10T00:02:00.000Z');
const MINUTE = 60_000;

function run(startedMinutesAgo: number, overrides: Partial<PollRunRecord> = {}): PollRunRecord {
  const started = NOW - startedMinutesAgo * MINUTE;
  return { cycleId: String(started), shard: 'all', startedAt: new Date(started).toISOString(), finishedAt: new Date(started + 20_000).toISOString(), status: 'done', links: 4, failures: [], ...overrides };
}

describe('the poller check on Azure Table storage (Azurite): the RowKey range and filters select the newest completed run', () => {
  it('skips newer running, skipped and plan rows and rows after now, and crosses into yesterday', async () => {
    const pollRuns = createTablePollRunStore(monitoringSlices(createTableCatalog(inject('azuriteConnectionString')), 'twpollerhealth').pollRuns);
    // Yesterday's completed cycle (23:58), then today's rows that do not count, and a row "from the future".
    const runs = [run(4), run(1, { status: 'running', finishedAt: undefined }), run(1, { shard: 'plan' }), run(0.5, { status: 'skipped' }), run(-5)];
    for (const r of runs) await pollRuns.save(r);
    const health = createPollerHealth({ pollRuns, clock: { now: () => new Date(NOW) }, statusMaxAgeMs: 5 * MINUTE, pollIntervalMs: MINUTE });
    expect(await health()).toEqual({ lastCompletedCycleAt: run(4).finishedAt, pollerOverdue: true, overdueAfterSeconds: 180 });
    await pollRuns.save(run(0.5, { shard: '2' }));
    expect(await health()).toEqual({ lastCompletedCycleAt: run(0.5).finishedAt, pollerOverdue: false, overdueAfterSeconds: 180 });
  });
});
