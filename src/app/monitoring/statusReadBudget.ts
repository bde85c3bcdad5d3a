import type { FleetReader } from './monitoringPorts';

/**
 * Status GETs one poll may send per subscription when the fleet reader offers no shared read budget (no
 * `readAllowance`): a fixed cap, never unlimited — ARM's per-subscription burst bucket (250 reads), so one poll never
 * drains more than the subscription's burst allowance.
 */
export const STATUS_READS_PER_POLL_CAP = 250;

/**
 * The time a cycle's reads are planned over: the part of its minute in which they can go out, so that the cycle ends
 * within its minute. Reads sent in the quarter-minute before the plan (the cycle's first lists, a site-tag cache fill)
 * are still in the rolling window at the end of it, so they count; the previous cycle's earlier reads have left it.
 */
export const CYCLE_HORIZON_MS = 45_000;

/** Suspect GETs a poll's first chunk may send even when the lists still to send would take the rest of the budget. */
export const URGENT_GETS_FLOOR = 10;

/** How many status GETs this poll may still send per subscription; tracks what it spent when it keeps count itself. */
export interface StatusReadBudget {
  allowance(subscriptionId: string): number;
  /** GETs of suspect links (down or unknown, counters stopped, metrics silent) may go beyond a chunk's share, up to this. */
  urgentAllowance?(subscriptionId: string): number;
  spend(subscriptionId: string, reads: number): void;
}

/**
 * The shared read budget when the fleet reader offers one, or a fixed cap per subscription for this poll.
 * With a shared budget, a cycle's status GETs per subscription are held to what its minute can serve: the allowance
 * over the coming minute when the cycle first asks, less the list reads the cycle has still to send then
 * (`listReadsLeft`, one per target). Asking afresh per chunk would let every chunk plan a minute's worth of GETs, and
 * the cycle would then wait on the budget for minutes. The allowance looks ahead over the cycle's sending time (CYCLE_HORIZON_MS),
 * not at what may go out at once: the previous cycle's reads, still in the rolling minute when this one starts, leave
 * it while this one runs, and counting them left every other cycle with almost no GETs.
 */
export function createStatusReadBudget(
  fleet: FleetReader,
  cap = STATUS_READS_PER_POLL_CAP,
  listReadsLeft: (subscriptionId: string) => number = () => 0,
): StatusReadBudget {
  const spent = new Map<string, number>();
  const cycleCap = new Map<string, number>();
  const spentOf = (subscriptionId: string): number => spent.get(subscriptionId) ?? 0;
  const shared = (subscriptionId: string, readAllowance: (s: string) => number): number => {
    // Reads spent before the cycle fixes its cap (a poll's suspects, at its start) are left in it: they are part of
    // the cycle's spending, which the cap's `spent` subtracts, not of what was there before the cycle.
    if (!cycleCap.has(subscriptionId)) cycleCap.set(subscriptionId, readAllowance(subscriptionId) - listReadsLeft(subscriptionId) + spentOf(subscriptionId));
    return Math.min(readAllowance(subscriptionId), cycleCap.get(subscriptionId)! - spentOf(subscriptionId));
  };
  const horizon = (s: string): number => fleet.readAllowance!(s, CYCLE_HORIZON_MS);
  return {
    allowance: (subscriptionId) => Math.max(0, Math.floor(fleet.readAllowance ? shared(subscriptionId, horizon) : cap - spentOf(subscriptionId))),
    // What the budget serves over the cycle's sending time less the lists still to send, and at least a few GETs
    // (URGENT_GETS_FLOOR) when those lists would take the rest: only a poll's suspect gateways use it, at its start
    // (their GETs decide remediation); it does not fix the cycle's cap.
    urgentAllowance: (subscriptionId) => {
      if (!fleet.readAllowance) return Math.max(0, cap - spentOf(subscriptionId));
      const serves = horizon(subscriptionId);
      return Math.max(0, Math.floor(Math.max(serves - listReadsLeft(subscriptionId), Math.min(serves, URGENT_GETS_FLOOR))));
    },
    spend: (subscriptionId, reads) => void spent.set(subscriptionId, spentOf(subscriptionId) + reads),
  };
}

/**
 * One chunk's part of the cycle's status reads: per subscription, what the cycle has left times `share` (the chunk's
 * part of the targets still to poll, this chunk's included). The cycle's GETs thus spread over all its chunks instead
 * of the first chunks taking them all and the links of the last ones never being refreshed; what a chunk leaves
 * unused passes on to the next. `urgent` (the suspects' chunk at a poll's start) lets its suspect links (down or
 * unknown, counters stopped, metrics silent) go beyond the share.
 */
export function chunkReadBudget(budget: StatusReadBudget, share: (subscriptionId: string) => number, urgent = false): StatusReadBudget {
  return {
    allowance: (subscriptionId) => Math.floor(budget.allowance(subscriptionId) * Math.min(1, Math.max(0, share(subscriptionId)))),
    ...(urgent && budget.urgentAllowance && { urgentAllowance: (subscriptionId: string) => budget.urgentAllowance!(subscriptionId) }),
    spend: (subscriptionId, reads) => budget.spend(subscriptionId, reads),
  };
}
