const MINUTE = 60_000;
const MAX_BACKOFF_MS = 24 * 60 * MINUTE;

/**
 * Delay before attempt `attemptsDone + 1` of an incident: base × 2^(attemptsDone − 1), capped at a day.
 * The base is the reset cooldown (a retry can never come sooner anyway), at least one minute.
 */
export function backoffMs(attemptsDone: number, cooldownMs: number): number {
  const base = Math.max(cooldownMs, MINUTE);
  const exponent = Math.max(0, Math.min(attemptsDone - 1, 20));
  return Math.min(base * 2 ** exponent, MAX_BACKOFF_MS);
}
