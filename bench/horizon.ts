/**
 * Horizon benchmark: the real poll cycle (simulator + Azurite) over a simulated clock for weeks, with the daily
 * retention run on that clock, to show that neither the cycle nor a 24 h history read slows down as days accumulate
 * and that the live snapshot tables stay bounded by the retention.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTableCatalog } from '../src/adapters/storage/tableClients';
import { runPollCycle } from '../src/app/monitoring/runPollCycle';
import { runRetention } from '../src/app/monitoring/runRetention';
import { getHistory } from '../src/app/queries/getHistory';
import { createMonitoringDeps } from '../src/composition/createMonitoringDeps';
import { buildQueryDeps } from '../src/composition/queryDeps';
import { loadConfig } from '../src/config/loadConfig';
import { linkKeyFromId } from '../src/core/ids/linkKey';
import { parseHistoryQuery } from '../src/core/queries/parseHistoryQuery';
import { DAY_MS } from '../src/core/retention/timeSlices';
import { startAzurite } from '../src/local/stack/startAzurite';
import { startSimulator } from '../src/simulator';
import { testTokenCredential } from '../test/support/simulatorClient';
import type { BenchResult } from './listGateways';

const MINUTE = 60_000;
const RETENTION_AT_MS = (3 * 60 + 30) * MINUTE; // the timer's 03:30 UTC

export interface HorizonOptions {
  readonly days?: number;
  /** Fleet spec; default 1x1x50x2 = 100 vWAN links behind one gateway (few ARM reads per cycle: see below). */
  readonly fleet?: string;
  readonly pollMinutes?: number;
  readonly retentionDays?: number;
  readonly log?: (line: string) => void;
}

export async function benchHorizon(options: HorizonOptions = {}): Promise<BenchResult> {
  const days = options.days ?? 35;
  // One cycle per simulated hour: 840 real cycles over 35 days, which a shared 2-core machine runs in ~15 minutes
  // (a 100-link cycle costs ~1 s of wall time there, mostly Azurite); every cycle is then also an hour rollover.
  const pollMs = (options.pollMinutes ?? 60) * MINUTE;
  const retentionDays = options.retentionDays ?? 30;
  const log = options.log ?? (() => undefined);
  const start = Math.floor(Date.now() / DAY_MS) * DAY_MS - (days + 1) * DAY_MS;
  const clock = { ms: start, now: () => new Date(clock.ms) };
  const azurite = await startAzurite();
  const sim = await startSimulator({ fleet: { spec: options.fleet ?? '1x1x50x2', classicConnections: 0, expressRoute: false }, statusInLists: true, now: () => clock.ms });
  try {
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-bench-')), 'sim.pem');
    writeFileSync(caFile, sim.certPem);
    const prefix = 'bhz';
    const deps = createMonitoringDeps(
      loadConfig({
        AzureWebJobsStorage: azurite.connectionString,
        TW_SCOPES: `/subscriptions/${sim.fleet.subscriptionIds()[0]}`,
        TW_ARM_ENDPOINT: sim.url,
        TW_ARM_CA_FILE: caFile,
        TW_TABLE_PREFIX: prefix,
        TW_SHARD_THRESHOLD_GATEWAYS: '100000',
        TW_SNAPSHOT_RETENTION_DAYS: String(retentionDays),
        // The pacer's read budget runs on the real clock while simulated hours pass in a fraction of a second: at
        // ARM's 1,500 a minute (25 a second) four cycles a second drained it and cycles waited on the pacer on some
        // days and not others (two levels of cycle time, unrelated to the tables' age). The simulator's own ARM
        // limits run on the simulated clock, so the largest budget keeps the pacer out of what this measures.
        TW_ARM_READS_PER_MINUTE: '100000',
      }),
      { credential: testTokenCredential, clock },
    );
    await deps.ensureStorage();
    const catalog = createTableCatalog(azurite.connectionString);
    const liveSnapshotTables = async (): Promise<number> => (await catalog.list(`${prefix}snap`)).length;
    const cycleMs: number[][] = [];
    const retentionMs: number[] = [];
    let liveTablesMax = 0;
    let links = 0;
    const end = start + days * DAY_MS;
    for (let at = start; at < end; at += pollMs) {
      const day = Math.floor((at - start) / DAY_MS);
      clock.ms = at;
      const t0 = performance.now();
      const summary = await runPollCycle(deps);
      if (summary.failures.length > 0) throw new Error(`cycle at ${clock.now().toISOString()} failed: ${JSON.stringify(summary.failures.slice(0, 2))}`);
      links = summary.links;
      if (at > start) (cycleMs[day] ??= []).push(performance.now() - t0);
      if ((at - start) % DAY_MS === RETENTION_AT_MS - (RETENTION_AT_MS % pollMs)) {
        const r0 = performance.now();
        await runRetention(deps);
        retentionMs.push(performance.now() - r0);
        liveTablesMax = Math.max(liveTablesMax, await liveSnapshotTables());
      }
      if ((at - start) % DAY_MS === DAY_MS - pollMs) log(`day ${day + 1}/${days}: cycle median ${Math.round(median(cycleMs[day] ?? []))} ms, ${await liveSnapshotTables()} snapshot tables`);
    }
    liveTablesMax = Math.max(liveTablesMax, await liveSnapshotTables());
    const history24h = await historyTimes(azurite.connectionString, prefix, new Date(end - pollMs), sim.listLinks().map((l) => linkKeyFromId(l.id)));
    return {
      name: 'horizon',
      metrics: {
        days,
        links,
        pollMinutes: pollMs / MINUTE,
        retentionDays,
        liveTablesMax,
        cycleMsFirstDay: Math.round(median(cycleMs[0] ?? [])),
        cycleMsLastDay: Math.round(median(cycleMs[days - 1] ?? [])),
        history24hP95MsLastDay: Math.round(percentile(history24h, 95)),
        retentionMsMax: Math.round(Math.max(...retentionMs)),
        note: 'cycle times are medians of the day (the first cycle, which creates every state row, excluded); history over 40 reads of 24 h raw',
      },
    };
  } finally {
    await sim.stop();
    await azurite.stop();
  }
}

/** 24 h of raw history for 40 links (after 3 warm-up reads), through the query use case. */
async function historyTimes(connection: string, prefix: string, now: Date, keys: readonly string[]): Promise<number[]> {
  const deps = { ...buildQueryDeps(connection, prefix), clock: { now: () => now } };
  const query = parseHistoryQuery(new URLSearchParams({ from: new Date(now.getTime() - DAY_MS).toISOString(), to: now.toISOString(), resolution: 'raw' }), now);
  if (!query.ok) throw new Error('bad history query');
  const times: number[] = [];
  for (let i = -3; i < 40; i++) {
    const t0 = performance.now();
    const result = await getHistory(deps, keys[(i + keys.length) % keys.length]!, query.value);
    if (result.points.length === 0) throw new Error('a 24 h history read returned nothing');
    if (i >= 0) times.push(performance.now() - t0);
  }
  return times;
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
