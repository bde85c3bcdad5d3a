import type { RequestGate } from '../remediation/remediationPorts';
import type { WatchScope } from '../../core/scope';
import type { Clock, RemediationQueue, Telemetry } from '../ports';
import type { TunnelMetrics } from './tunnelMetrics';
import type { ExpiringSlices, FleetReader, LeaseStore, LinkStateStore, PollRunStore, RollupWriter, PollShardQueue, SnapshotStore, SuspectHints, TransitionStore } from './monitoringPorts';

export interface MonitoringSettings {
  readonly scopes: readonly WatchScope[];
  readonly downStatuses: readonly string[];
  readonly stuckThresholdMs: number;
  /** A link's status not confirmed for this long reads Unknown, with the reason. */
  readonly statusMaxAgeMs: number;
  readonly armConcurrency: number;
  /** Reads per subscription per minute (TW_ARM_READS_PER_MINUTE), shared out to poll shards. */
  readonly armReadsPerMinute: number;
  readonly shardThresholdGateways: number;
  readonly shardSizeGateways: number;
  readonly snapshotRetentionDays: number;
  /** Transitions, hourly rollups and poll runs are kept this long (TW_HISTORY_RETENTION_DAYS). */
  readonly historyRetentionDays: number;
  /** How long a cycle's non-overlap lease lasts if its holder dies without releasing it. */
  readonly leaseMs: number;
}

/** Everything the monitoring use cases need; built by createMonitoringDeps (production) or by tests with fakes. */
export interface MonitoringDeps {
  readonly clock: Clock;
  readonly settings: MonitoringSettings;
  readonly fleet: FleetReader;
  readonly snapshots: SnapshotStore;
  readonly states: LinkStateStore;
  readonly transitions: TransitionStore;
  readonly rollups: RollupWriter;
  readonly pollRuns: PollRunStore;
  readonly leases: LeaseStore;
  /** Targets that held a link in a down streak at the end of the last poll (polled first next time); absent: usual order. */
  readonly suspects?: SuspectHints;
  /** The time-sliced tables the retention timer expires: snapshots, and the history (transitions, rollups, poll runs). */
  readonly expiring: { readonly snapshots: ExpiringSlices; readonly history: readonly ExpiringSlices[] };
  readonly remediationQueue: RemediationQueue;
  /** One queued remediation request per link, shared with alerts and operators; absent: every pending request is sent. */
  readonly requestGate?: RequestGate;
  readonly shardQueue: PollShardQueue;
  readonly telemetry?: Telemetry;
  /** Azure Monitor tunnel metrics (a third status source); absent: polling uses lists, GETs and counters only. */
  readonly metrics?: TunnelMetrics;
  /** Table Storage round trips so far (all monitoring tables), for the cycle summary and the benchmark. */
  readonly tableRoundTrips: () => number;
  /** Creates tables/queues if missing; called before each use case (cached after the first success, so not metered). */
  readonly ensureStorage?: () => Promise<void>;
}
