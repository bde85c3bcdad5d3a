import type { FleetReader } from './monitoringPorts';

/**
 * Status GETs one poll may send per subscription when the fleet reader offers no shared read budget (no
 * `readAllowance`): a fixed cap, never unlimited — ARM's per-subscription burst bucket (250 reads), so one poll never
 * drains more than the subscription's burst allowance.
 */
export const STATUS_READS_PER_POLL_CAP = 250;

/** How many status GETs this poll may still send per subscription; tracks what it spent when it keeps count itself. */
export interface StatusReadBudget {
  allowance(subscriptionId: string): number;
  spend(subscriptionId: string, reads: number): void;
}

/**
 * The shared read budget when the fleet reader offers one (it counts what is sent, so `spend` is its business), or a
 * fixed cap per subscription for this poll.
 */
export function createStatusReadBudget(fleet: FleetReader, cap = STATUS_READS_PER_POLL_CAP): StatusReadBudget {
  const spent = new Map<string, number>();
  return {
    allowance: (subscriptionId) =>
      Math.max(0, Math.floor(fleet.readAllowance ? fleet.readAllowance(subscriptionId) : cap - (spent.get(subscriptionId) ?? 0))),
    spend: (subscriptionId, reads) => void spent.set(subscriptionId, (spent.get(subscriptionId) ?? 0) + reads),
  };
}
