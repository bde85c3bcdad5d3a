import { isWithinScope } from '../ids/armId';
import type { LinkSnapshot } from '../snapshot/linkSnapshot';
import type { LinkState } from '../linkState/linkState';
import type { ScopePermissions } from '../permissions/assessPermissions';
import type { RemediationRequest } from './remediationRequest';
import { assessBlastRadius, isDownStatus, type BlastRadius } from './blastRadius';
import type { Incident } from './incident';
import { downForThreshold } from '../linkState/stuckThreshold';
import { isPendingStatus } from '../huawei/isPendingStatus';
import { STANDBY_GUARD, type HaPartnerFacts } from './standbyGuard';

export type RemediationMode = 'enabled' | 'dry-run' | 'disabled';

/** The settings the decision depends on (a slice of Config, so the core does not import config/). */
export interface RemediationPolicy {
  readonly scopes: readonly string[];
  readonly downStatuses: readonly string[];
  readonly stuckThresholdMs: number;
  readonly remediationMode: RemediationMode;
  readonly resetCooldownMs: number;
  readonly maxAttemptsPerIncident: number;
  readonly resetBudgetPerHour: number;
  readonly blastRadiusPercent: number;
}

export interface LedgerFacts {
  /** Resets claimed across the fleet in the rolling hour before `now`. */
  readonly resetsInLastHour: number;
  /** Incident holding the gateway's in-flight slot, if any. */
  readonly gatewayHeldBy?: string;
}

export interface PlanInput {
  readonly linkId: string;
  readonly request: Pick<RemediationRequest, 'source' | 'dryRun'>;
  /** Fresh read from ARM just before deciding; undefined when ARM answered 404. */
  readonly fresh: LinkSnapshot | undefined;
  readonly state: LinkState | undefined;
  readonly gatewayProvisioningState: string | undefined;
  readonly incident: Incident | undefined;
  readonly ledger: LedgerFacts;
  readonly blast: BlastRadius;
  readonly policy: RemediationPolicy;
  readonly now: Date;
  /** The permission check of the link's scope; undefined when not (yet) known, which blocks nothing. */
  readonly permissions?: ScopePermissions;
  /** The other end of the tunnel (matchPeers over link state) with its own records; absent when no peer is known. */
  readonly peer?: PeerFacts;
  /** Huawei active-standby: the other connection of the pair, fresh from the gateway's list; absent when none. */
  readonly haPartner?: HaPartnerFacts;
}

export interface PeerFacts {
  readonly key: string;
  readonly state?: LinkState;
  readonly incident?: Incident;
}

export type DecisionAction = 'reset' | 'skip' | 'escalate' | 'quarantine';
export interface GuardResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
  /** false when the guard was not evaluated (it needs a fresh ARM read and a cheaper guard already decided). */
  readonly evaluated?: false;
}
export interface Outcome {
  readonly action: Exclude<DecisionAction, 'reset'>;
  readonly reason: string;
}
export interface Guard {
  readonly name: string;
  check(input: PlanInput): { readonly passed: boolean; readonly detail: string };
  /** What happens when this guard is the first one (in this order) that fails. */
  onFail(input: PlanInput): Outcome;
}

const skip = (reason: string) => (): Outcome => ({ action: 'skip', reason });
const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));
const minutes = (value: number): string => `${Math.round(value / 600) / 100} min`;

/** The latest time a reset of this link was (or may have been) sent. */
export function lastResetMs(input: { readonly incident?: Incident | undefined; readonly state?: LinkState | undefined }): number | undefined {
  const times = [input.incident?.lastClaimAt, input.incident?.lastResetAt, input.state?.lastResetAt]
    .map(ms)
    .filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** Every guard, in priority order: the first failure names the decision; all are evaluated and reported. */
export const GUARDS: readonly Guard[] = [
  {
    name: 'in-scope',
    check: ({ linkId, policy }) => {
      const scope = policy.scopes.find((s) => isWithinScope(linkId, s));
      return { passed: scope !== undefined, detail: scope ? `within ${scope}` : 'outside every configured scope' };
    },
    onFail: skip('out-of-scope'),
  },
  {
    name: 'mode-not-disabled',
    check: ({ policy }) => ({ passed: policy.remediationMode !== 'disabled', detail: `mode ${policy.remediationMode}` }),
    onFail: skip('disabled'),
  },
  {
    name: 'permissions',
    check: ({ permissions: p }) => {
      if (p === undefined) return { passed: true, detail: 'not checked yet' };
      return p.canRemediate ? { passed: true, detail: `${p.scope}: reset and operation-status reads held` } : { passed: false, detail: `${p.scope} lacks ${p.missing.join(', ')}` };
    },
    onFail: skip('missing-permissions'),
  },
  {
    name: 'link-exists',
    check: ({ fresh }) => ({ passed: fresh !== undefined, detail: fresh ? `read ${fresh.polledAt}` : 'not found in ARM (or not read)' }),
    onFail: skip('link-not-found'),
  },
  {
    name: 'resettable-kind',
    check: ({ fresh }) => {
      const type = fresh?.connectionType;
      const passed = type === undefined || type === 'IPsec' || type === 'Vnet2Vnet';
      return { passed, detail: `${fresh?.kind ?? 'unknown'}${type ? ` ${type}` : ''}` };
    },
    onFail: ({ fresh }) => ({ action: 'skip', reason: fresh?.connectionType === 'ExpressRoute' ? 'expressroute' : 'unsupported-connection-type' }),
  },
  {
    name: 'still-down',
    check: ({ fresh, policy }) => ({
      passed: fresh !== undefined && isDownStatus(fresh.status, policy.downStatuses),
      detail: `fresh status ${fresh?.status ?? 'none'}; down set ${policy.downStatuses.join(',')}`,
    }),
    // A transitional status (Huawei's PENDING_UPDATE right after a reset) is not "up": the incident stays open and
    // the link is looked at again once the provider is done with it.
    onFail: ({ fresh }) => ({ action: 'skip', reason: isPendingStatus(fresh?.providerStatus ?? fresh?.status) ? 'link-updating' : 'not-down' }),
  },
  STANDBY_GUARD,
  {
    name: 'down-for-threshold',
    check: ({ state, policy, now }) => {
      const threshold = state?.overrides.stuckThresholdMs ?? policy.stuckThresholdMs;
      const since = ms(state?.downSince);
      if (since === undefined || Number.isNaN(since)) return { passed: false, detail: 'no down streak recorded by the poller yet' };
      const downFor = now.getTime() - since;
      return { passed: downForThreshold(downFor, threshold), detail: `down ${minutes(downFor)} of ${minutes(threshold)} required` };
    },
    onFail: skip('below-threshold'),
  },
  {
    name: 'not-opted-out',
    check: ({ state }) => ({
      passed: state?.overrides.remediate !== false,
      detail: state?.overrides.remediate === false ? 'tag tunnelwatch-remediate=false' : 'no opt-out tag',
    }),
    onFail: skip('opted-out'),
  },
  {
    name: 'link-provisioned',
    check: ({ fresh }) => ({ passed: fresh?.provisioningState === 'Succeeded', detail: `provisioningState ${fresh?.provisioningState ?? 'absent'}` }),
    onFail: ({ fresh }) =>
      fresh?.provisioningState === 'Failed' ? { action: 'escalate', reason: 'provisioning-failed' } : { action: 'skip', reason: 'link-updating' },
  },
  {
    name: 'gateway-not-updating',
    check: ({ gatewayProvisioningState: g }) => ({ passed: g === 'Succeeded', detail: `gateway provisioningState ${g ?? 'absent'}` }),
    onFail: skip('gateway-updating'),
  },
  {
    name: 'initiating-mode',
    check: ({ fresh }) => ({ passed: fresh?.mode !== 'ResponderOnly', detail: `mode ${fresh?.mode ?? 'Default'}` }),
    onFail: () => ({ action: 'escalate', reason: 'responder-only' }),
  },
  {
    name: 'blast-radius',
    check: ({ blast, policy }) => {
      const assessment = assessBlastRadius(blast, policy.blastRadiusPercent);
      return { passed: !assessment.tripped, detail: assessment.detail };
    },
    onFail: () => ({ action: 'escalate', reason: 'blast-radius' }),
  },
  {
    name: 'attempt-limit',
    check: ({ incident, policy }) => {
      const attempts = incident?.attempts ?? 0;
      return { passed: attempts < policy.maxAttemptsPerIncident, detail: `${attempts} of ${policy.maxAttemptsPerIncident} attempts used` };
    },
    onFail: () => ({ action: 'quarantine', reason: 'attempt-limit' }),
  },
  {
    name: 'cooldown',
    check: (input) => {
      const last = lastResetMs(input);
      if (last === undefined) return { passed: true, detail: 'never reset' };
      const since = input.now.getTime() - last;
      return { passed: since >= input.policy.resetCooldownMs, detail: `last reset ${minutes(since)} ago; cooldown ${minutes(input.policy.resetCooldownMs)}` };
    },
    onFail: skip('cooldown'),
  },
  {
    // Resetting one end restarts the tunnel for both: a second reset from the other end inside the cooldown would
    // only break the renegotiation the first one started.
    name: 'peer-cooldown',
    check: ({ peer, now, policy }) => {
      if (peer === undefined) return { passed: true, detail: 'no peer known' };
      const last = lastResetMs(peer);
      if (last === undefined) return { passed: true, detail: `peer ${peer.key} never reset` };
      const since = now.getTime() - last;
      return { passed: since >= policy.resetCooldownMs, detail: `peer ${peer.key} reset ${minutes(since)} ago; cooldown ${minutes(policy.resetCooldownMs)}` };
    },
    onFail: skip('peer-cooldown'),
  },
  {
    name: 'back-off',
    check: ({ incident, now }) => {
      const next = ms(incident?.nextAttemptAt);
      if (next === undefined || Number.isNaN(next)) return { passed: true, detail: 'no back-off pending' };
      return { passed: now.getTime() >= next, detail: `next attempt not before ${incident?.nextAttemptAt}` };
    },
    onFail: skip('backing-off'),
  },
  {
    name: 'budget',
    check: ({ ledger, policy }) => ({
      passed: ledger.resetsInLastHour < policy.resetBudgetPerHour,
      detail: `${ledger.resetsInLastHour} of ${policy.resetBudgetPerHour} resets used in the last hour`,
    }),
    onFail: skip('budget-exhausted'),
  },
  {
    name: 'gateway-in-flight',
    check: ({ ledger, incident }) => {
      const free = ledger.gatewayHeldBy === undefined || ledger.gatewayHeldBy === incident?.incidentId;
      return { passed: free, detail: free ? 'no other reset in flight on the gateway' : `gateway held by incident ${ledger.gatewayHeldBy}` };
    },
    onFail: skip('gateway-in-flight'),
  },
  {
    name: 'mode-enabled',
    check: ({ policy, request }) => ({
      passed: policy.remediationMode === 'enabled' && request.dryRun !== true,
      detail: request.dryRun === true ? 'dry run requested' : `mode ${policy.remediationMode}`,
    }),
    onFail: skip('dry-run'),
  },
];
