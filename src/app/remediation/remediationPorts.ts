import type { Incident } from '../../core/remediation/incident';
import type { ScopePermissions } from '../../core/permissions/assessPermissions';
import type { GuardResult } from '../../core/remediation/planRemediation';
import type { Clock, LinkStateReader, NetworkActions, RemediationQueue } from '../ports';
import type { RemediationPolicy } from '../../core/remediation/remediationGuards';
import type { LinkState } from '../../core/linkState/linkState';

/** A stored value with the ETag that a conditional write must present. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/** One incident row per link (optimistic concurrency: every write is conditional). */
export interface IncidentStore {
  get(linkKey: string): Promise<Versioned<Incident> | undefined>;
  /** Inserts; returns undefined when a row already exists (someone else won). */
  create(incident: Incident): Promise<Versioned<Incident> | undefined>;
  /** Replaces when the ETag still matches; returns undefined on a conflict (someone else wrote first). */
  replace(incident: Incident, etag: string): Promise<Versioned<Incident> | undefined>;
}

/**
 * accepted: ARM accepted the reset POST (a reset was performed); succeeded / failed: what ARM said the operation
 * did; unknown: performed or possibly performed, outcome unknown (no answer to the POST, status unreadable, still
 * running at the bound): the post-check decides; refused: ARM refused the POST (not performed).
 * Evidence rows (step 'evidence', after the reset's row): collected (the IKE SA summary is in `evidence`) or
 * unavailable (why not, in the reason). The reset's own row says 'pending: …' in `evidence` when it was sent first.
 */
export type AuditOutcome =
  | 'accepted'
  | 'succeeded'
  | 'failed'
  | 'unknown'
  | 'refused'
  | 'skipped'
  | 'escalated'
  | 'quarantined'
  | 'busy'
  | 'recovered'
  | 'not-recovered'
  | 'enqueued'
  | 'ignored'
  | 'collected'
  | 'unavailable';

/** One row per decision, append-only (docs/remediation.md lists the fields). Never a secret. */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly linkKey?: string;
  readonly linkId?: string;
  readonly incidentId?: string;
  /** poller | alert | operator | postcheck | webhook */
  readonly source: string;
  /** Who or what asked: alert id, operator name, request id of the poller. */
  readonly actor?: string;
  /** An operator's unauthenticated claim of who they are (kept apart from the actor, which is trusted). */
  readonly claimedBy?: string;
  readonly requestId?: string;
  /** What was decided or done: claim, evidence, reset, postcheck, decision, webhook. */
  readonly step: string;
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly reason: string;
  readonly attempt?: number;
  readonly guards?: readonly GuardResult[];
  readonly evidence?: string;
  readonly lro?: string;
  readonly postcheck?: string;
  readonly durationMs?: number;
  readonly mode?: string;
}

export interface AuditQuery {
  readonly from: string;
  readonly to: string;
  readonly linkKey?: string;
  readonly outcome?: string;
  readonly top?: number;
  readonly continuationToken?: string;
}

export interface AuditPage {
  readonly items: readonly AuditEntry[];
  readonly continuationToken?: string;
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  list(query: AuditQuery): Promise<AuditPage>;
}

/** Budget and per-gateway slots; each claim is an ETag-conditional write, so two instances cannot share a slot. */
export interface ResetLedger {
  resetsInLastHour(now: Date): Promise<number>;
  gatewayHeldBy(gatewayId: string, now: Date): Promise<string | undefined>;
  /** Takes one of the hour's budget slots for the incident; false when none is free. */
  takeBudgetSlot(incidentId: string, now: Date): Promise<boolean>;
  /**
   * Dates the owner's live slot at `at` (the moment its reset is sent): its hour then runs from the POST, not the
   * claim. False when the owner holds no live slot.
   */
  dateBudgetSlot(owner: string, at: Date): Promise<boolean>;
  /** Gives a slot back (the claim was abandoned before any ARM write). */
  releaseBudgetSlot(incidentId: string): Promise<void>;
  /** Holds the gateway for the incident until released or `leaseMs` passes (a crashed holder cannot block forever). */
  takeGateway(gatewayId: string, incidentId: string, now: Date, leaseMs: number): Promise<boolean>;
  releaseGateway(gatewayId: string, incidentId: string): Promise<void>;
  /** True exactly once per gateway outage: the first caller gets to emit the escalation. */
  openOutage(gatewayId: string, now: Date): Promise<boolean>;
  closeOutage(gatewayId: string): Promise<void>;
}

/** Checks the webhook's bearer token (Azure Monitor secure webhook, Entra). */
export interface TokenValidator {
  /** Resolves when the Authorization header carries a valid token; throws REQUEST.UNAUTHORIZED / REQUEST.FORBIDDEN. */
  validate(authorization: string | null | undefined): Promise<void>;
}

/** Rows the daily retention timer deletes by age. */
export interface Prunable {
  /** Deletes rows older than `cutoffMs` (a store may keep up to one more day when it deletes whole day partitions); returns how many. */
  deleteBefore(cutoffMs: number): Promise<number>;
}

/** Incidents whose claim holder is presumed gone: state claimed/resetting and claimLeaseUntil passed. */
export interface StaleClaimFinder {
  staleClaims(now: Date): Promise<readonly Incident[]>;
}

/** How long a delivery's claim shields it from a concurrent retry before the retry may take it over. */
export const ALERT_CLAIM_STALE_MS = 30_000;

/**
 * Dedup of webhook deliveries: Azure Monitor retries a delivery up to 5 times. 'first': this key was never seen, or
 * its earlier claim went stale before completing (taken over); 'in-flight': claimed, not completed, not yet stale;
 * 'duplicate': completed. Only a completed delivery may be acknowledged as done.
 */
export interface AlertDedup {
  claim(key: string, now: Date): Promise<'first' | 'duplicate' | 'in-flight'>;
  markEnqueued(key: string): Promise<void>;
  /** Gives up a claim that could not complete, so the sender's next retry is 'first' at once. */
  release(key: string): Promise<void>;
}

/** Bounded link-state lookups for the alert path and the actuator: a point read or one RowKey range, never the whole table. */
export interface LinkStateRanges {
  /** The stored links a resource id names: the link itself, a connection's links, or a gateway's links. */
  under(resourceId: string): Promise<readonly LinkState[]>;
  /** The stored links of the poll target that holds this link (for a vWAN link: its gateway's links). */
  besideLink(linkKey: string): Promise<readonly LinkState[]>;
  /** Whether the poller has recorded any link at all (reads at most one row). */
  anyRecorded(): Promise<boolean>;
}

/**
 * One queued remediation request per link at a time, whoever asks (alert, operator, poller): a row per link key,
 * taken insert-if-absent, taken over with its ETag once expired (a lost message cannot block a link for longer
 * than the TTL), released when the actuator has handled the request. The actuator's own follow-ups are not gated.
 */
export interface RequestGate {
  /** True when `requestId` now holds the link's gate (or already held it); false while another request holds it. */
  enter(linkKey: string, requestId: string, now: Date): Promise<boolean>;
  /** Gives the gate back if `requestId` holds it; a no-op otherwise. */
  release(linkKey: string, requestId: string): Promise<void>;
}

export interface RemediationEvent {
  readonly kind: 'quarantined' | 'escalated';
  readonly reason: string;
  readonly linkId?: string;
  readonly gatewayId?: string;
  readonly incidentId?: string;
  readonly at: string;
}

/** Events a human should see (telemetry / alerting); the audit holds the same facts. */
export interface RemediationEvents {
  emit(event: RemediationEvent): Promise<void>;
}

/** What handling one remediation request came to (the queue function logs it). */
export interface RemediationResult {
  readonly outcome: string;
  readonly reason: string;
  readonly incidentId?: string;
}

/** Delivery facts from the queue trigger (a redelivery of a failed invocation has dequeueCount > 1). */
export interface Delivery {
  readonly dequeueCount: number;
}

export interface RemediationSettings extends RemediationPolicy {
  /** App Service authentication is on: x-ms-client-principal-name is set by the platform and can be trusted. */
  readonly appServiceAuth?: boolean;
  readonly postCheckDelayMs: number;
  readonly resetTimeoutMs: number;
  readonly ikeSasTimeoutMs: number;
}

export interface RemediationDeps {
  readonly network: NetworkActions;
  /** Point reads of one link (`get`) and the fleet list (`list`, cached for a few seconds per process). */
  readonly linkStates: LinkStateReader;
  readonly linkRanges: LinkStateRanges;
  readonly requestGate: RequestGate;
  /** The poller's state store records the reset too, when it offers that (ETag-safe). */
  readonly recordReset?: (linkKey: string, at: string) => Promise<void>;
  readonly queue: RemediationQueue;
  readonly incidents: IncidentStore;
  readonly audit: AuditStore;
  readonly ledger: ResetLedger;
  readonly events: RemediationEvents;
  readonly settings: RemediationSettings;
  readonly clock: Clock;
  /** Unique ids for audit rows and requests (injected so tests are deterministic). */
  readonly newId: () => string;
  /** The permission check per configured scope (once per process); absent: not checked, nothing blocked. */
  readonly permissions?: () => Promise<readonly ScopePermissions[]>;
}
