import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { createTableCatalog, tableName, type StoredEntity } from '../../../src/adapters/storage/tableClients';
import { fromEntity } from '../../../src/adapters/storage/tableSnapshotStore';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import type { FleetReader } from '../../../src/app/monitoring/monitoringPorts';
import type { MonitoringDeps } from '../../../src/app/monitoring/monitoringDeps';
import type { PollCycleSummary } from '../../../src/app/monitoring/pollCycleSummary';
import { formatCycleStatus } from '../../../src/app/monitoring/formatCycleStatus';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { MONITORING_SLICES, MONITORING_TABLES } from '../../../src/app/monitoring/monitoringTables';
import { createMonitoringDeps, type ProductionMonitoringDeps } from '../../../src/composition/createMonitoringDeps';
import { loadConfig } from '../../../src/config/loadConfig';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../src/simulator';
import { testTokenCredential } from '../../support/simulatorClient';

export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

/** A settable clock shared by the simulator and tunnelwatch, so tests advance time instead of sleeping. */
export class TestClock {
  constructor(public ms = T0) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  readonly sim: SimulatorHandle;
  readonly clock: TestClock;
  readonly connection: string;
  deps(prefix: string, env?: Record<string, string>): ProductionMonitoringDeps;
  stop(): Promise<void>;
}

export async function startHarness(connection: string, options: SimulatorOptions = {}): Promise<Harness> {
  const clock = new TestClock();
  const sim = await startSimulator({ fleet: '2x3x2x2', now: () => clock.ms, retryAfterSeconds: 0, ...options });
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-sim-')), 'sim.pem');
  writeFileSync(caFile, sim.certPem);
  return {
    sim,
    clock,
    connection,
    deps: (prefix, env = {}) =>
      createMonitoringDeps(
        loadConfig({
          AzureWebJobsStorage: connection,
          TW_SCOPES: `/subscriptions/${sim.fleet.subscriptionIds()[0]}`,
          TW_ARM_ENDPOINT: sim.url,
          TW_ARM_CA_FILE: caFile,
          TW_TABLE_PREFIX: prefix,
          TW_REMEDIATION_QUEUE: `${prefix.toLowerCase()}-remediation`,
          TW_POLL_QUEUE: `${prefix.toLowerCase()}-shards`,
          ...env,
        }),
        { credential: testTokenCredential, clock, leaseMs: 60_000, requestTimeoutMs: 3000, maxRetries: 1 },
      ),
    stop: () => sim.stop(),
  };
}

/** Every row of one monitoring table, or of every slice of a time-sliced kind. */
export async function readRows(connection: string, prefix: string, table: keyof typeof MONITORING_TABLES | keyof typeof MONITORING_SLICES): Promise<StoredEntity[]> {
  const catalog = createTableCatalog(connection);
  const names =
    table in MONITORING_SLICES
      ? await catalog.list(`${prefix}${MONITORING_SLICES[table as keyof typeof MONITORING_SLICES].kind}`)
      : [tableName(prefix, MONITORING_TABLES[table as keyof typeof MONITORING_TABLES])];
  const rows: StoredEntity[] = [];
  for (const name of names) for await (const page of catalog.open(name).pages("PartitionKey ge ''")) rows.push(...page);
  return rows;
}

export async function peekQueue(connection: string, name: string): Promise<unknown[]> {
  return createJsonQueue(connection, name).peekJson(32);
}

/** Every stored snapshot of one deployment, decoded. */
export async function readSnapshots(connection: string, prefix: string): Promise<LinkSnapshot[]> {
  return (await readRows(connection, prefix, 'snapshots')).map(fromEntity);
}

/** A fleet reader over `base` whose status GETs are recorded in `got` and held to `allowance.reads` a minute. */
export function recordingFleet(base: FleetReader, reads: number): { readonly fleet: FleetReader; readonly allowance: { reads: number }; readonly got: string[] } {
  const allowance = { reads };
  const got: string[] = [];
  const fleet: FleetReader = {
    ...base,
    readAllowance: () => allowance.reads,
    readStatuses: async (links) => {
      got.push(...links.map((l) => l.id));
      return base.readStatuses(links);
    },
  };
  return { fleet, allowance, got };
}

/** Runs one poll cycle over deps whose fleet records into `got`: its summary, its cycle line and the GETs it sent. */
export async function recordedCycle(deps: MonitoringDeps, got: string[]): Promise<{ summary: PollCycleSummary; line: string; got: string[] }> {
  got.length = 0;
  const summary = await runPollCycle(deps);
  return { summary, line: formatCycleStatus(summary), got: [...got] };
}
