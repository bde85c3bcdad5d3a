import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import type { HourlyRollup } from '../../core/rollups/hourlyRollup';
import type { SortOrder } from '../../core/queries/parseHistoryQuery';
import type { Sign } from '../../core/queries/continuationToken';
import type { Clock, LinkStateReader } from '../ports';

/** A half-open time range [from, to) read in one direction, at most `limit` rows. */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
  readonly order: SortOrder;
  readonly limit: number;
}

/** Raw snapshots of one link (implemented over the snapshot table). */
export interface SnapshotHistoryReader {
  readRange(linkKey: string, range: TimeRange): Promise<readonly LinkSnapshot[]>;
}

/** One status change of one link as the events route reads it (the poller writes core/trackLinkState LinkTransition). */
export interface TransitionEvent {
  readonly linkKey: string;
  readonly linkId: string;
  readonly from?: string;
  readonly to: string;
  readonly at: string;
}

export interface TransitionReader {
  readRange(linkKey: string, range: TimeRange): Promise<readonly TransitionEvent[]>;
}

export interface AuditListQuery {
  readonly from: string;
  readonly to: string;
  readonly linkKey?: string;
  readonly outcome?: string;
  readonly top: number;
  readonly continuationToken?: string;
}

/** One audit row as stored by remediation; served as-is (it never holds secrets by construction). */
export type AuditRecord = object;

export interface AuditReader {
  list(query: AuditListQuery): Promise<{ readonly items: readonly AuditRecord[]; readonly continuationToken?: string }>;
}

/** Open incident details, when the remediation side can provide them. */
export interface IncidentReader {
  get(linkKey: string, incidentId: string): Promise<Readonly<Record<string, unknown>> | undefined>;
}

/** Hourly rollups: one entity per (hour, link). */
export interface RollupStore {
  /** Rollups of the given links for one hour (missing links are absent from the map). */
  readHour(hour: string, linkKeys: readonly string[]): Promise<ReadonlyMap<string, HourlyRollup>>;
  /** Upserts rollups of one hour (batched by the adapter). */
  writeHour(hour: string, rollups: readonly HourlyRollup[]): Promise<void>;
  /** One link's rollups for the given hours, in the order asked; missing hours are skipped. */
  readLinkHours(linkKey: string, hours: readonly string[]): Promise<readonly HourlyRollup[]>;
  /** Fleet-wide sums of the given hours, in the order asked (one scan per day, not one per hour or link). */
  readFleetHours(hours: readonly string[]): Promise<readonly FleetHour[]>;
}

/** One hour over the whole fleet, summed from every link's rollup of that hour. */
export interface FleetHour {
  readonly hour: string;
  /** Links with a rollup for the hour. */
  readonly links: number;
  /** Links down at any sample of the hour. */
  readonly linksDown: number;
  /** Sum of the links' down seconds (divided by 3,600: the average number of links down). */
  readonly downSeconds: number;
}

export interface QueryDeps {
  readonly links: LinkStateReader;
  readonly snapshots: SnapshotHistoryReader;
  readonly transitions: TransitionReader;
  readonly audit: AuditReader;
  readonly rollups: RollupStore;
  readonly incidents?: IncidentReader;
  /** Signs continuation tokens (HMAC-SHA256 in production). */
  readonly sign: Sign;
  readonly clock: Clock;
  /** TW_STATUS_MAX_AGE_MINUTES: a status confirmed longer ago reads Unknown (`unconfirmed: stale`). Default 5 min. */
  readonly statusMaxAgeMs?: number;
}
