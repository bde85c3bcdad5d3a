import { HUAWEI_HELD_STATUSES } from '../huawei/huaweiStatus';
import { isPendingStatus } from '../huawei/isPendingStatus';
import { incidentIdFor } from '../ids/incidentId';
import { KNOWN_STATUSES, type LinkSnapshot } from '../snapshot/linkSnapshot';
import type { LinkPolicyOverrides, LinkState } from './linkState';
import { optional } from '../optional';
import { downForThreshold } from './stuckThreshold';
import type { LinkRollupState } from '../rollups/linkHourRollup';

/**
 * Link state as the poller keeps it: the shared LinkState plus bookkeeping only the poller reads (the pending request
 * mark and the hourly rollup accumulator, see rollLinkHour).
 */
export interface TrackedLinkState extends LinkState, LinkRollupState {
  /** Incident whose remediation request is written to state but not yet confirmed enqueued. */
  readonly pendingRequestFor?: string;
}

export interface StuckPolicy {
  readonly downStatuses: readonly string[];
  readonly stuckThresholdMs: number;
}

export interface LinkTransition {
  readonly linkKey: string;
  readonly linkId: string;
  readonly from: string;
  readonly to: string;
  readonly at: string;
  /** Incident closed by this transition (the link recovered). */
  readonly closedIncidentId?: string;
}

export interface IncidentOpening {
  readonly incidentId: string;
  readonly linkId: string;
  readonly linkKey: string;
  readonly downSince: string;
  readonly openedAt: string;
  /** False when the connection opted out (`tunnelwatch-remediate=false`): tracked and visible, never reset. */
  readonly remediate: boolean;
}

export interface TrackResult {
  readonly state: TrackedLinkState;
  readonly transition?: LinkTransition;
  readonly opened?: IncidentOpening;
  readonly closedIncidentId?: string;
}

/**
 * True for the configured down set; a status ARM does not document counts as 'Unknown' (down only if Unknown is).
 * A held status (a provider changing or freezing the connection, e.g. Huawei's PENDING_UPDATE or FREEZED) is never down.
 */
export function isDownStatus(status: string, downStatuses: readonly string[]): boolean {
  if (HUAWEI_HELD_STATUSES.includes(status)) return false;
  const known = (KNOWN_STATUSES as readonly string[]).includes(status);
  return downStatuses.includes(known ? status : 'Unknown');
}

/**
 * One poll's effect on one link: status streak, transition, stuck detection and incident open/close.
 * The first sighting of a link is not a transition (nothing changed that we saw). An incident opens once per
 * down streak (its id derives from the streak start) and closes when the link leaves the down set.
 */
export function trackLinkState(previous: TrackedLinkState | undefined, snapshot: LinkSnapshot, overrides: LinkPolicyOverrides, policy: StuckPolicy): TrackResult {
  const now = snapshot.polledAt;
  const nowMs = Date.parse(now);
  // An unconfirmed status (aged out for want of a read) is no evidence either way, nor is a provider's transitional
  // one (Huawei's PENDING_UPDATE after a reset): the streak neither starts nor ends, so the incident stays open.
  const evidence = snapshot.statusReason === undefined && !isPendingStatus(snapshot.status);
  const down = evidence ? isDownStatus(snapshot.status, policy.downStatuses) : previous?.downSince !== undefined;
  const changed = previous !== undefined && previous.status !== snapshot.status;
  const downSince = down ? (previous?.downSince ?? streakStart(snapshot, previous)) : undefined;
  const threshold = overrides.stuckThresholdMs ?? policy.stuckThresholdMs;
  const stuck = downSince !== undefined && downForThreshold(nowMs - Date.parse(downSince), threshold);

  let incidentId = down ? previous?.incidentId : undefined;
  let pendingRequestFor = down ? previous?.pendingRequestFor : undefined;
  let opened: IncidentOpening | undefined;
  if (stuck && incidentId === undefined) {
    incidentId = incidentIdFor(snapshot.key, downSince);
    const remediate = overrides.remediate ?? true;
    opened = { incidentId, linkId: snapshot.id, linkKey: snapshot.key, downSince, openedAt: now, remediate };
    if (remediate) pendingRequestFor = incidentId;
  }
  const closedIncidentId = !down ? previous?.incidentId : undefined;

  const { polledAt: _polledAt, counterRestart, ...observed } = snapshot;
  const state: TrackedLinkState = {
    ...observed,
    statusSince: changed || !previous ? now : previous.statusSince,
    ...optional('previousStatus', changed ? previous.status : previous?.previousStatus),
    ...optional('lastTransitionAt', changed ? now : previous?.lastTransitionAt),
    ...optional('downSince', downSince),
    ...optional('lastCounterRestartAt', counterRestart ? now : previous?.lastCounterRestartAt),
    lastPolledAt: now,
    ...optional('incidentId', incidentId),
    ...optional('pendingRequestFor', pendingRequestFor),
    ...optional('lastResetAt', previous?.lastResetAt),
    // A read that could not learn the addresses this time (a failed VPN site list) keeps the last known ones: the
    // tunnel's other end stays known to the views and to the peer-cooldown guard.
    ...optional('localAddresses', snapshot.localAddresses ?? previous?.localAddresses),
    ...optional('remoteAddress', snapshot.remoteAddress ?? previous?.remoteAddress),
    overrides,
  };
  const transition: LinkTransition | undefined = changed
    ? { linkKey: snapshot.key, linkId: snapshot.id, from: previous.status, to: snapshot.status, at: now, ...optional('closedIncidentId', closedIncidentId) }
    : undefined;
  return { state, ...optional('transition', transition), ...optional('opened', opened), ...optional('closedIncidentId', closedIncidentId) };
}

/**
 * Where a new down streak starts: at the first poll whose counters stopped, when nothing confirmed the link since
 * (the read that says down may come cycles later, within the read budget); otherwise at this poll.
 */
function streakStart(snapshot: LinkSnapshot, previous: TrackedLinkState | undefined): string {
  const stopped = snapshot.countersStoppedAt;
  if (stopped === undefined || stopped > snapshot.polledAt) return snapshot.polledAt;
  const confirmedSince = previous?.statusAt !== undefined && previous.statusAt > stopped;
  return confirmedSince ? snapshot.polledAt : stopped;
}
