/**
 * How early a poll may land and still count as the poll at the threshold. Timer-triggered polls fire milliseconds
 * late, by varying amounts, so the poll that should see a streak reach the threshold (the third poll of a 2-minute
 * streak on a 1-minute schedule) can see it a hair short; without a slack the incident would wait one more poll
 * interval. Far below any poll interval (a slack as long as the interval would let the poll before count).
 */
export const SCHEDULE_SLACK_MS = 1_000;

/**
 * True when a down streak has lasted the threshold, within the schedule's slack. The poller (opening the incident)
 * and the remediation guard (checking it again before a reset) use this one rule, so a request the poller sends is
 * never refused by the guard for being a few milliseconds short.
 */
export function downForThreshold(downForMs: number, thresholdMs: number): boolean {
  return downForMs >= thresholdMs - SCHEDULE_SLACK_MS;
}
