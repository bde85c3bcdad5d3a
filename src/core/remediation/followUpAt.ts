import { lastResetMs, type PlanInput } from './remediationGuards';

const MINUTE = 60_000;

/**
 * When a skipped request should be looked at again. Temporary guards (cooldown, the peer's cooldown, back-off, budget, a busy gateway,
 * an update in progress, an upstream outage) get one delayed re-check; final skips (out of scope, recovered,
 * opted out, dry-run, disabled) get none.
 */
export function followUpAt(reason: string, input: PlanInput): Date | undefined {
  const now = input.now.getTime();
  const at = (t: number): Date => new Date(Math.max(t, now));
  switch (reason) {
    case 'cooldown':
      return at((lastResetMs(input) ?? now) + input.policy.resetCooldownMs);
    case 'peer-cooldown':
      // The other end's reset usually brings this end back too; if not, look again once its cooldown is over.
      return at((input.peer ? lastResetMs(input.peer) ?? now : now) + input.policy.resetCooldownMs);
    case 'backing-off':
      return at(Date.parse(input.incident?.nextAttemptAt ?? '') || now);
    case 'budget-exhausted':
      return at(now + 5 * MINUTE);
    case 'gateway-in-flight':
      return at(now + MINUTE);
    case 'link-updating':
    case 'gateway-updating':
      return at(now + 2 * MINUTE);
    case 'blast-radius':
      return at(now + Math.max(input.policy.resetCooldownMs, 10 * MINUTE));
    default:
      return undefined;
  }
}
