import { isDownStatus } from './blastRadius';
import type { RemediationDecision } from './planRemediation';
import { GUARDS, lastResetMs, type GuardResult, type PlanInput } from './remediationGuards';

/** Guards that only a fresh ARM read (the link, its gateway) can decide. */
export const FRESH_READ_GUARDS: ReadonlySet<string> = new Set([
  'link-exists',
  'resettable-kind',
  'link-provisioned',
  'gateway-not-updating',
  'initiating-mode',
  'blast-radius',
  // A standby's partner is read fresh: stored state may be a poll old, and a standby is never reset while its active partner is ACTIVE.
  'standby-partner',
]);

const NO_BLAST = { gateway: { total: 0, down: 0 }, fleet: { total: 0, down: 0 } };

/** What the pre-plan reads: everything the planner reads except the fresh ARM facts. */
export type StoredPlanInput = Omit<PlanInput, 'fresh' | 'gatewayProvisioningState' | 'blast' | 'haPartner'>;

/**
 * The cheap half of the decision, from stored facts only (link state, incident, ledger, permissions): every guard
 * but the ones needing ARM, in the planner's order. Returns the decision when one of them refuses (the ones needing
 * ARM are reported as not evaluated), or undefined when only a fresh read can decide (the request would otherwise
 * reset). Pure: time is `now`.
 *
 * `still-down` is judged on the stored status: down passes (the fresh read confirms it later); up refuses only when
 * the poller confirmed it after the last reset and within the link's stuck threshold (then the incident may close,
 * as on a fresh up); an older or unconfirmed up is not evaluated, and `down-for-threshold` (no down streak) refuses.
 */
export function prePlanRemediation(input: StoredPlanInput): RemediationDecision | undefined {
  const planInput = withoutFreshFacts(input);
  const guards: GuardResult[] = GUARDS.map((g) => {
    if (FRESH_READ_GUARDS.has(g.name)) return notEvaluated(g.name);
    if (g.name === 'still-down') return storedStillDown(input);
    return { name: g.name, ...g.check(planInput) };
  });
  const failed = guards.findIndex((g) => g.evaluated !== false && !g.passed);
  if (failed < 0) return undefined;
  const outcome = GUARDS[failed]!.onFail(planInput);
  return { action: outcome.action, reason: outcome.reason, guards };
}

/** Stored facts as a plan input with nothing read fresh (no link, no gateway state, no counts). */
export function withoutFreshFacts(input: StoredPlanInput): PlanInput {
  return { ...input, fresh: undefined, gatewayProvisioningState: undefined, blast: NO_BLAST };
}


function notEvaluated(name: string): GuardResult {
  return { name, passed: false, evaluated: false, detail: 'not evaluated: needs a fresh ARM read' };
}

function storedStillDown({ state, incident, policy, now }: StoredPlanInput): GuardResult {
  const name = 'still-down';
  if (state === undefined) return { name, passed: false, evaluated: false, detail: 'no stored state' };
  const detail = `stored status ${state.status}${state.statusAt ? ` confirmed ${state.statusAt}` : ''}`;
  if (isDownStatus(state.status, policy.downStatuses)) return { name, passed: true, detail: `${detail}; down set ${policy.downStatuses.join(',')}` };
  const confirmedAt = state.statusReason === undefined && state.statusAt !== undefined ? Date.parse(state.statusAt) : Number.NaN;
  const threshold = state.overrides.stuckThresholdMs ?? policy.stuckThresholdMs;
  const afterReset = confirmedAt > (lastResetMs({ incident, state }) ?? Number.NEGATIVE_INFINITY);
  if (afterReset && now.getTime() - confirmedAt <= threshold) return { name, passed: false, detail: `${detail}; not in down set ${policy.downStatuses.join(',')}` };
  return { name, passed: false, evaluated: false, detail: `${detail}; too old or unconfirmed to close on` };
}
