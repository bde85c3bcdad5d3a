import type { ArmNetwork } from '../adapters/arm/armNetworkClient';
import { createPollShardQueue, createRemediationQueue } from '../adapters/storage/storageQueueClient';
import { createTableCatalog, createTableClient, tableName, type RoundTripCounter } from '../adapters/storage/tableClients';
import { createTableLeaseStore } from '../adapters/storage/tableLeaseStore';
import { createTableSuspectHints } from '../adapters/storage/tableSuspectHints';
import { createTableRequestGate } from '../adapters/storage/tableRequestGate';
import { REMEDIATION_TABLES } from '../app/remediation/remediationTables';
import { createTableLinkStateStore } from '../adapters/storage/tableLinkStateStore';
import { createTablePollRunStore } from '../adapters/storage/tablePollRunStore';
import { createTableRollupStore } from '../adapters/storage/tableRollupStore';
import { createTableSnapshotStore } from '../adapters/storage/tableSnapshotStore';
import { createTableTransitionStore } from '../adapters/storage/tableTransitionStore';
import type { Config } from '../config/loadConfig';
import type { Clock, Telemetry } from '../app/ports';
import type { MonitoringDeps } from '../app/monitoring/monitoringDeps';
import { MONITORING_TABLES } from '../app/monitoring/monitoringTables';
import type { LinkProvider } from '../app/providers/linkProvider';
import { buildArmNetwork, type ArmNetworkOverrides } from './armNetwork';
import { monitoringSlices } from './slicedTables';
import { buildTunnelMetrics } from './tunnelMetricsDeps';
import { buildHuaweiProvider, providerNetwork, watchScopes } from './linkProviders';

export interface MonitoringDepsOptions extends ArmNetworkOverrides {
  /** The process's shared ARM adapter (armNetwork()); default: one of its own built with the overrides (tests, benchmark). */
  readonly arm?: ArmNetwork;
  /** The process's Huawei provider (huaweiProvider()); default: one of its own when TW_HUAWEI_SCOPES is set. */
  readonly huawei?: LinkProvider;
  readonly clock?: Clock;
  readonly telemetry?: Telemetry;
  /** Override for tests and the benchmark. */
  readonly leaseMs?: number;
  /** How long after its end a metrics bucket is asked for (default 3 minutes); the benchmark shortens it. */
  readonly metricsIngestionDelayMs?: number;
}

export interface ProductionMonitoringDeps extends MonitoringDeps {
  readonly arm: ArmNetwork;
  /**
   * Creates the fixed monitoring tables and the current time slices if missing (the use cases call it too; not part
   * of any cycle's round trips; a slice begun later, at midnight, is created by its first write).
   */
  ensureStorage(): Promise<void>;
}

/** Builds the monitoring dependency bundle from validated config: one call for the composition root. */
export function createMonitoringDeps(config: Config, options: MonitoringDepsOptions = {}): ProductionMonitoringDeps {
  const counter: RoundTripCounter = { count: 0 };
  const catalog = createTableCatalog(config.storageConnection, counter);
  const tables = {
    linkState: catalog.open(tableName(config.tablePrefix, MONITORING_TABLES.linkState)),
    leases: catalog.open(tableName(config.tablePrefix, MONITORING_TABLES.leases)),
  };
  const sliced = monitoringSlices(catalog, config.tablePrefix);
  const { clock } = options;
  const ensureTables = async (): Promise<void> => {
    const nowMs = (clock ?? { now: () => new Date() }).now().getTime();
    await Promise.all([...Object.values(tables).map((t) => t.ensureExists()), ...Object.values(sliced).map((s) => s.forWrite(nowMs))]);
  };
  const arm =
    options.arm ??
    buildArmNetwork(config, {
      ...options,
      // Cached VPN site tags expire on the cycle's clock, so a test clock that jumps a minute sees tag changes.
      ...(clock && { now: () => clock.now().getTime() }),
    });
  return {
    arm,
    clock: options.clock ?? { now: () => new Date() },
    settings: {
      scopes: watchScopes(config),
      downStatuses: config.downStatuses,
      stuckThresholdMs: config.stuckThresholdMs,
      statusMaxAgeMs: config.statusMaxAgeMs,
      armConcurrency: config.armConcurrency,
      armReadsPerMinute: config.armReadsPerMinute,
      shardThresholdGateways: config.shardThresholdGateways,
      shardSizeGateways: config.shardSizeGateways,
      snapshotRetentionDays: config.snapshotRetentionDays,
      historyRetentionDays: config.historyRetentionDays,
      leaseMs: options.leaseMs ?? 10 * 60_000,
    },
    fleet: providerNetwork(config, arm, options.huawei ?? ownHuawei(config, options)).fleet,
    snapshots: createTableSnapshotStore(sliced.snapshots, { partitionsPerDay: config.snapshotPartitions }),
    states: createTableLinkStateStore(tables.linkState),
    transitions: createTableTransitionStore(sliced.transitions),
    pollRuns: createTablePollRunStore(sliced.pollRuns),
    leases: createTableLeaseStore(tables.leases),
    suspects: createTableSuspectHints(tables.leases),
    rollups: createTableRollupStore(sliced.rollups),
    expiring: { snapshots: sliced.snapshots, history: [sliced.transitions, sliced.rollups, sliced.pollRuns] },
    remediationQueue: createRemediationQueue(config.storageConnection, config.remediationQueue),
    // Not on the monitoring round-trip counter: it is the remediation side's table, touched only for pending requests.
    requestGate: createTableRequestGate(createTableClient(config.storageConnection, tableName(config.tablePrefix, REMEDIATION_TABLES.requestGate))),
    shardQueue: createPollShardQueue(config.storageConnection, config.pollQueue),
    ...(options.telemetry && { telemetry: options.telemetry }),
    metrics: buildTunnelMetrics(config, options),
    tableRoundTrips: () => counter.count,
    ensureStorage: ensureTables,
  };
}

/** A Huawei provider of the bundle's own (tests, benchmark), on the bundle's clock, when TW_HUAWEI_SCOPES is set. */
function ownHuawei(config: Config, options: MonitoringDepsOptions): LinkProvider | undefined {
  if (!config.huawei) return undefined;
  const { clock } = options;
  return buildHuaweiProvider(config.huawei, {
    ...(clock && { now: () => clock.now().getTime() }),
    ...(options.requestTimeoutMs !== undefined && { requestTimeoutMs: options.requestTimeoutMs }),
  });
}
