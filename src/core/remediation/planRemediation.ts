import { GUARDS, type DecisionAction, type GuardResult, type PlanInput } from './remediationGuards';

export type { DecisionAction, GuardResult, PlanInput, RemediationPolicy, LedgerFacts } from './remediationGuards';

export interface RemediationDecision {
  readonly action: DecisionAction;
  /** 'all-guards-passed' for a reset, otherwise the reason of the first failing guard. */
  readonly reason: string;
  readonly guards: readonly GuardResult[];
}

/**
 * Decides what to do about one link, from a fresh ARM read and our own records. Pure: time is `now`.
 * Every guard is evaluated and reported, so the audit shows all that held and all that did not.
 */
export function planRemediation(input: PlanInput): RemediationDecision {
  const guards = GUARDS.map((g) => ({ name: g.name, ...g.check(input) }));
  const firstFailed = GUARDS.find((_, i) => !guards[i]!.passed);
  if (!firstFailed) return { action: 'reset', reason: 'all-guards-passed', guards };
  const outcome = firstFailed.onFail(input);
  return { action: outcome.action, reason: outcome.reason, guards };
}
