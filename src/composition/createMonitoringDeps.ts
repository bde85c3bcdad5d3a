import type { ArmNetwork } from '../adapters/armNetworkClient';
import { createPollShardQueue, createRemediationQueue } from '../adapters/storageQueueClient';
import { createTableClient, tableName, type RoundTripCounter, type TableHandle } from '../adapters/tableClients';
import { createTableLeaseStore } from '../adapters/tableLeaseStore';
import { createTableLinkStateStore } from '../adapters/tableLinkStateStore';
import { createTablePollRunStore } from '../adapters/tablePollRunStore';
import { createTableRollupStore } from '../adapters/tableRollupStore';
import { createTableSnapshotStore } from '../adapters/tableSnapshotStore';
import { createTableTransitionStore } from '../adapters/tableTransitionStore';
import type { Config } from '../config/loadConfig';
import type { Clock, Telemetry } from '../app/ports';
import type { MonitoringDeps } from '../app/monitoring/monitoringDeps';
import { MONITORING_TABLES } from '../app/monitoring/monitoringTables';
import type { LinkProvider } from '../app/providers/linkProvider';
import { buildArmNetwork, type ArmNetworkOverrides } from './armNetwork';
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
  /** Creates the monitoring tables if missing (the use cases call it too; not part of any cycle's round trips). */
  ensureStorage(): Promise<void>;
}

/** Builds the monitoring dependency bundle from validated config: one call for the composition root. */
export function createMonitoringDeps(config: Config, options: MonitoringDepsOptions = {}): ProductionMonitoringDeps {
  const counter: RoundTripCounter = { count: 0 };
  const table = (suffix: string): TableHandle => createTableClient(config.storageConnection, tableName(config.tablePrefix, suffix), counter);
  const tables = {
    snapshots: table(MONITORING_TABLES.snapshots),
    linkState: table(MONITORING_TABLES.linkState),
    transitions: table(MONITORING_TABLES.transitions),
    pollRuns: table(MONITORING_TABLES.pollRuns),
    leases: table(MONITORING_TABLES.leases),
    rollups: table(MONITORING_TABLES.rollups),
  };
  const ensureTables = async (): Promise<void> => {
    await Promise.all(Object.values(tables).map((t) => t.ensureExists()));
  };
  const { clock } = options;
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
      leaseMs: options.leaseMs ?? 10 * 60_000,
    },
    fleet: providerNetwork(config, arm, options.huawei ?? ownHuawei(config, options)).fleet,
    snapshots: createTableSnapshotStore(tables.snapshots),
    states: createTableLinkStateStore(tables.linkState),
    transitions: createTableTransitionStore(tables.transitions),
    pollRuns: createTablePollRunStore(tables.pollRuns),
    leases: createTableLeaseStore(tables.leases),
    rollups: createTableRollupStore(tables.rollups),
    remediationQueue: createRemediationQueue(config.storageConnection, config.remediationQueue),
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
