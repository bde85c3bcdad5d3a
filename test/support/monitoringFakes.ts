import { createInMemoryFleetReader } from '../../src/adapters/inMemoryFleetReader';
import { createInMemoryPollShardQueue, createInMemoryRemediationQueue } from '../../src/adapters/inMemoryQueue';
import { createInMemoryTable } from '../../src/adapters/inMemoryTable';
import { createTableLeaseStore } from '../../src/adapters/tableLeaseStore';
import { createTableLinkStateStore } from '../../src/adapters/tableLinkStateStore';
import { createTablePollRunStore } from '../../src/adapters/tablePollRunStore';
import { createTableRollupStore } from '../../src/adapters/tableRollupStore';
import { createTableSnapshotStore } from '../../src/adapters/tableSnapshotStore';
import { createTableTransitionStore } from '../../src/adapters/tableTransitionStore';
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
  const deps: MonitoringDeps = {
    clock: { now: () => new Date(nowMs) },
    settings: { scopes: parseScopes(['/subscriptions/s1']), downStatuses: ['NotConnected'], stuckThresholdMs: 5 * 60_000, statusMaxAgeMs: 5 * 60_000, armConcurrency: 4, armReadsPerMinute: 750, shardThresholdGateways: 50, shardSizeGateways: 10, snapshotRetentionDays: 30, leaseMs: 60_000 },
    fleet,
    snapshots: createTableSnapshotStore(createInMemoryTable('s', counter)),
    states: createTableLinkStateStore(createInMemoryTable('st', counter)),
    transitions: createTableTransitionStore(createInMemoryTable('t', counter)),
    pollRuns: createTablePollRunStore(createInMemoryTable('p', counter)),
    leases: createTableLeaseStore(createInMemoryTable('l', counter)),
    rollups: createTableRollupStore(createInMemoryTable('r', counter)),
    remediationQueue: queue,
    shardQueue: createInMemoryPollShardQueue(),
    tableRoundTrips: () => counter.count,
    ...overrides,
  };
  return { deps, fleet, queue, advance: (ms: number) => void (nowMs += ms) };
}
