/**
 * One remediation incident per link (state machine documented in docs/remediation.md):
 *
 *   open ─claim─► claimed ─POST accepted (or no answer)─► resetting ─tracked─► awaiting-postcheck ─link up─► resolved
 *     ▲              │ POST refused busy (429/409)                               │ still down
 *     └──────────────┘                                                           ▼
 *                                         retry-scheduled (back-off) ─► claimed … ─► quarantined (attempt limit)
 *   escalated: blast radius, ResponderOnly or failed provisioning; a human or recovery ends it.
 * A reset ARM accepted is a reset: lastResetAt is written the moment the POST is accepted, before any status read.
 */
export const INCIDENT_STATES = [
  'open',
  'claimed',
  'resetting',
  'awaiting-postcheck',
  'retry-scheduled',
  'resolved',
  'quarantined',
  'escalated',
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** States in which a reset of the current attempt may be under way (a claim or a running LRO). */
export const IN_FLIGHT_STATES: readonly IncidentState[] = ['claimed', 'resetting'];

export interface Incident {
  readonly linkKey: string;
  readonly linkId: string;
  readonly gatewayId?: string;
  readonly incidentId: string;
  readonly state: IncidentState;
  /** Resets claimed in this incident (a claim counts: the reset may have been sent before a crash). */
  readonly attempts: number;
  readonly openedAt: string;
  readonly updatedAt: string;
  /** Last time a reset was claimed for this link; survives incident replacement, so cooldown does too. */
  readonly lastClaimAt?: string;
  /** Last time ARM accepted a ResetConnection for this link. */
  readonly lastResetAt?: string;
  /** Unique token of the claim holder (owner writes check it), the request that made the claim, and until when it is presumed alive. */
  readonly claimedBy?: string;
  readonly claimRequestId?: string;
  readonly claimLeaseUntil?: string;
  /** Token of the accepted ResetConnection operation (its status URLs), persisted before tracking so a crash resumes it with reads only. */
  readonly resumeToken?: string;
  readonly nextAttemptAt?: string;
  /** A delayed follow-up message is pending for this time; at most one per incident. */
  readonly followUpAt?: string;
  readonly postcheckDueAt?: string;
  readonly lastReason?: string;
  readonly lastOutcome?: string;
}

export function isTerminal(state: IncidentState): boolean {
  return state === 'resolved' || state === 'quarantined';
}
