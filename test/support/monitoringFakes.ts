import { createInMemoryFleetReader } from './fakes/inMemoryFleetReader';
import { createInMemoryPollShardQueue, createInMemoryRemediationQueue } from './fakes/inMemoryQueue';
import { createInMemoryTable } from './fakes/inMemoryTable';
import { createInMemoryTableCatalog } from './fakes/inMemoryTableCatalog';
import { monitoringSlices } from '../../src/composition/slicedTables';
import { createTableLeaseStore } from '../../src/adapters/storage/tableLeaseStore';
import { createTableSuspectHints } from '../../src/adapters/storage/tableSuspectHints';
import { createTableLinkStateStore } from '../../src/adapters/storage/tableLinkStateStore';
import { createTablePollRunStore } from '../../src/adapters/storage/tablePollRunStore';
import { createTableRollupStore } from '../../src/adapters/storage/tableRollupStore';
import { createTableSnapshotStore } from '../../src/adapters/storage/tableSnapshotStore';
import { createTableTransitionStore } from '../../src/adapters/storage/tableTransitionStore';
import type { MonitoringDeps } from '../../src/app/monitoring/monitoringDeps';
import { parseScopes } from '../../src/core/scope';

/**
 * The monitoring dependencies over in-memory fakes (tables, queues, fleet), typed against MonitoringDeps; a
 * fixed clock from `startMs` that only moves with `advance`. Overrides replace any port.
 */
export function buildMonitoringDeps(startMs: number, overrides: Partial<MonitoringDeps> = {}) {
  let nowMs = startMs;
  const fleet = createInMemoryFleetReader();
  const counter = { count: 0 };
  const queue = createInMemoryRemediationQueue();
  const catalog = createInMemoryTableCatalog(counter);
  const sliced = monitoringSlices(catalog, 'tw');
  const leases = createInMemoryTable('l', counter);
  const deps: MonitoringDeps = {
    clock: { now: () => new Date(nowMs) },
    settings: { scopes: parseScopes(['/subscriptions/s1']), downStatuses: ['NotConnected'], stuckThresholdMs: 5 * 60_000, statusMaxAgeMs: 5 * 60_000, armConcurrency: 4, armReadsPerMinute: 750, shardThresholdGateways: 50, shardSizeGateways: 10, snapshotRetentionDays: 30, historyRetentionDays: 90, leaseMs: 60_000 },
    fleet,
    snapshots: createTableSnapshotStore(sliced.snapshots),
    states: createTableLinkStateStore(createInMemoryTable('st', counter)),
    transitions: createTableTransitionStore(sliced.transitions),
    pollRuns: createTablePollRunStore(sliced.pollRuns),
    leases: createTableLeaseStore(leases),
    suspects: createTableSuspectHints(leases),
    rollups: createTableRollupStore(sliced.rollups),
    expiring: { snapshots: sliced.snapshots, history: [sliced.transitions, sliced.rollups, sliced.pollRuns] },
    remediationQueue: queue,
    shardQueue: createInMemoryPollShardQueue(),
    tableRoundTrips: () => counter.count,
    ...overrides,
  };
  return { deps, fleet, queue, catalog, advance: (ms: number) => void (nowMs += ms) };
}

/** The monitoring kinds' time-sliced tables over a fresh in-memory account. */
export function inMemorySlices(counter = { count: 0 }) {
  return monitoringSlices(createInMemoryTableCatalog(counter), 'tw');
}
