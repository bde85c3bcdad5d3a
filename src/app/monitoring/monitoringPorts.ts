import type { LinkSnapshot, LinkTopology } from '../../core/snapshot/linkSnapshot';
import type { HourlyRollup } from '../../core/rollups/hourlyRollup';
import type { LinkObservation } from '../../core/snapshot/projectLink';
import type { PollTarget } from '../../core/polling/pollTarget';
import type { WatchScope } from '../../core/scope';
import type { LinkTransition, TrackedLinkState } from '../../core/linkState/trackLinkState';
import type { LinkStateReader } from '../ports';

/** One gateway (or classic resource group) that could not be read this cycle; visible later through the API. */
export interface PollFailure {
  readonly gatewayId: string;
  readonly code: string;
  readonly message: string;
}

/** The outcome of one status GET: the status ARM reported, or the stable code of the failure. */
export interface StatusRead {
  readonly id: string;
  readonly status?: string;
  readonly code?: string;
}

/** ARM reads for monitoring (implemented over @azure/arm-network by armFleetReader.ts). */
export interface FleetReader {
  /** Finds every poll target in the scopes; a scope that cannot be read is a failure, not an exception. */
  discover(scopes: readonly WatchScope[]): Promise<{ readonly targets: readonly PollTarget[]; readonly failures: readonly PollFailure[] }>;
  /**
   * Every link of one target from its list call (+ pages): counters for every link, connectionStatus only where the
   * list carries it. No per-link reads (see readStatuses). Throws TunnelwatchError (ARM.*) when it cannot read.
   */
  listTarget(target: PollTarget): Promise<{ readonly observations: readonly LinkObservation[] }>;
  /** GETs these links' status (bounded concurrency); a read that fails is reported by its code, never thrown. */
  readStatuses(links: readonly LinkTopology[]): Promise<readonly StatusRead[]>;
  /** ARM requests sent so far (retries included), per operation id. */
  requestCounts(): Readonly<Record<string, number>>;
  /** ARM 429 answers seen so far (the SDK retries them; this says how often ARM pushed back). */
  throttles?(): number;
  /**
   * Reads the poll class may still send for this subscription in the current (rolling) minute without exceeding the
   * read budget (TW_ARM_READS_PER_MINUTE, less the remediation reserve; within `withReadShares`, the shard's share).
   * With `horizonMs`, the reads it may send over that much time to come (reads of an earlier cycle leave the rolling
   * minute meanwhile). When absent, polling caps its status reads per subscription and cycle itself.
   */
  readAllowance?(subscriptionId: string, horizonMs?: number): number;
  /** Runs `work` with its poll reads also held to these reads per minute per subscription id (a poll shard's share). */
  withReadShares?<T>(readsPerMinute: Readonly<Record<string, number>>, work: () => Promise<T>): Promise<T>;
}

export interface SnapshotStore {
  write(snapshots: readonly LinkSnapshot[]): Promise<void>;
  /** Writes snapshots added over several calls in full 100-entity transactions; `flush` writes what is left. */
  batchWriter(): { add(snapshots: readonly LinkSnapshot[]): Promise<void>; flush(): Promise<void> };
  /** One link's snapshots with polledAt in [fromMs, toMs], oldest-first unless `newestFirst`, at most `top`. */
  history(linkKey: string, range: { readonly fromMs: number; readonly toMs: number; readonly newestFirst?: boolean; readonly top?: number }): Promise<LinkSnapshot[]>;
}

/** Rows kept in time slices (one table per day or per N days): expiring is one DeleteTable per slice, whatever it holds. */
export interface ExpiringSlices {
  /** Deletes every slice wholly before `cutoffMs` (a slice holding newer rows stays); returns the names deleted. */
  expireBefore(cutoffMs: number): Promise<readonly string[]>;
}

export interface TransitionStore {
  write(transitions: readonly LinkTransition[]): Promise<void>;
  /** Transitions in [fromMs, toMs], oldest-first; one link only when `linkKey` is given. */
  list(range: { readonly fromMs: number; readonly toMs: number; readonly linkKey?: string }): Promise<LinkTransition[]>;
}

/** Hourly rollup rows (tableRollupStore.ts, one entity per (day, link)); the poller writes each finished hour once. */
export interface RollupWriter {
  /** Upserts one hour's rollups (batched by the adapter); rewriting an hour with the same values is harmless. */
  writeHour(hour: string, rollups: readonly HourlyRollup[]): Promise<void>;
}

/** The link states of one VPN connection (vWAN) or one classic connection, stored together. */
export interface ConnectionGroup {
  readonly connectionId: string;
  readonly targetId: string;
}

/**
 * Link state with optimistic concurrency. `update` reads the groups, calls `apply` with the current states and writes
 * the result with ETags; a group that someone else changed meanwhile is re-read and `apply` runs again on the fresh
 * states (bounded), so nothing is overwritten blindly. Returns the `apply` result of the attempt that was written.
 */
export interface LinkStateStore extends LinkStateReader {
  update<R>(
    groups: readonly ConnectionGroup[],
    apply: (group: ConnectionGroup, current: ReadonlyMap<string, TrackedLinkState>) => { readonly links: readonly TrackedLinkState[]; readonly result: R },
    options?: {
      /**
       * Read the groups with one scan of the state range spanning their targets (cheap for a whole fleet, or a chunk of
       * targets taken in `stateOrder`), instead of one read per target (a shard's scattered targets).
       */
      readonly scanAll?: boolean;
      /**
       * Targets polled out of `stateOrder` (a cycle's suspects, taken first): with `scanAll`, their groups are read
       * by target and the scan spans only the other targets, so moving a few targets forward costs a few reads.
       */
      readonly outOfOrder?: ReadonlySet<string>;
      /** Runs once after the groups are read and before `apply`, with their states by connection id (status reads). */
      readonly prepare?: (current: ReadonlyMap<string, ReadonlyMap<string, TrackedLinkState>>) => Promise<void>;
      /** Runs concurrently with the state writes, with the results of the first application (used for snapshots). */
      readonly alongside?: (results: ReadonlyMap<string, R>) => Promise<void>;
      /**
       * Runs as soon as some groups' states have landed (one transaction, or one group re-applied after a conflict),
       * with the results that were written, while the other groups are still being written: what may only follow a
       * durable write (a remediation request) leaves then, not after the whole update. A failure is thrown by `update`
       * once every write has been tried.
       */
      readonly afterWrite?: (written: ReadonlyMap<string, R>) => Promise<void>;
    },
  ): Promise<Map<string, R>>;
  /** Sort key of a target's state rows: targets taken in this order occupy contiguous state ranges. */
  stateOrder(targetId: string): string;
  /** Remediation records a reset it performed (ETag-safe read-modify-write). */
  recordReset(linkKey: string, at: string): Promise<void>;
}

export interface PollRunRecord {
  readonly cycleId: string;
  /** 'all' for an inline cycle, 'plan' for the sharding timer, or the shard index. */
  readonly shard: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly status: 'running' | 'done' | 'skipped';
  readonly links: number;
  readonly failures: readonly PollFailure[];
}

export interface PollRunStore {
  /** Claims a run row (create; a stale 'running' row may be taken over). False when another run owns it or it is done. */
  claim(run: PollRunRecord, staleAfterMs: number, nowMs: number): Promise<boolean>;
  save(run: PollRunRecord): Promise<void>;
  recent(fromMs: number, toMs: number): Promise<PollRunRecord[]>;
  /** The newest run started in [fromMs, toMs] that completed (an inline cycle or a shard, not a shard plan). */
  lastCompleted(fromMs: number, toMs: number): Promise<PollRunRecord | undefined>;
}

/**
 * Which targets held a link in a down streak when a poll last ended, per poll scope ('all' for an inline cycle, the
 * shard index in scale-out mode): the next poll of that scope lists and reads those targets first, so the GET that
 * finds a link still down past its threshold (and the request it sends) goes out at the cycle's start, not whenever
 * its chunk's turn comes. A hint only: a missing or unreadable one polls in the usual order.
 */
export interface SuspectHints {
  read(scope: string): Promise<readonly string[]>;
  write(scope: string, targetIds: readonly string[]): Promise<void>;
}

/** A non-overlap guard: a lease row with an expiry, claimed with ETags. */
export interface LeaseStore {
  acquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string, nowMs: number): Promise<void>;
}

/** Sends poll-shard messages (scale-out mode). */
export interface PollShardQueue {
  send(message: PollShardMessage): Promise<void>;
}

export interface PollShardMessage {
  readonly v: 1;
  readonly cycleId: string;
  readonly shard: number;
  readonly targets: readonly PollTarget[];
  /**
   * This shard's share of the read budget, reads per minute per subscription id (lower case): budget × the shard's
   * gateways in the subscription ÷ all its gateways in the cycle. Absent in older messages: the process budget applies.
   */
  readonly readsPerMinute?: Readonly<Record<string, number>>;
}
