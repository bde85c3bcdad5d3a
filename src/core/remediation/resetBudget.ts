/** The reset budget's window: at most TW_RESET_BUDGET_PER_HOUR resets are sent in any rolling hour. */
export const BUDGET_WINDOW_MS = 3_600_000;

/**
 * A budget slot is dated again the moment its reset is sent, so the budget counts resets by when they leave, not by
 * when they were claimed. The dating write itself takes time: the slot outlives its hour by this much, and a dating
 * write that took longer is done again (see executeReset), so a slot always covers the hour after its POST.
 */
export const BUDGET_SEND_SLACK_MS = 5_000;

/** How long a slot dated at `atMs` stays taken. */
export function budgetSlotHeldUntil(atMs: number): number {
  return atMs + BUDGET_WINDOW_MS + BUDGET_SEND_SLACK_MS;
}
