import { unconfirmedReasonOfStatus } from './resolveLinkStatus';

/** What a view needs to tell a confirmed status from a stale one. */
export interface ConfirmedStatusFields {
  readonly status: string;
  /** When a list, a GET or traffic last confirmed the status. */
  readonly statusAt?: string;
  readonly statusReason?: string;
  /** Rows written before `statusAt` existed were confirmed by every poll: their last poll is their confirmation. */
  readonly lastPolledAt?: string;
}

/** The reason shown for a status whose last confirmation is older than the max age when the answer is built. */
export const STALE_REASON = 'unconfirmed: stale';

/**
 * A link as it reads at `nowMs`: a status last confirmed more than `maxAgeMs` ago reads Unknown (`unconfirmed:
 * stale`), whatever the poller last wrote, so a poller that stopped cannot leave a silent healthy behind. A status
 * the poller already marked unconfirmed keeps its own reason (budget, throttled, forbidden, error), which says why.
 */
export function staleAsUnknown<T extends ConfirmedStatusFields>(state: T, nowMs: number, maxAgeMs: number): T {
  const confirmedAt = Date.parse(state.statusAt ?? state.lastPolledAt ?? '');
  if (Number.isFinite(confirmedAt) && nowMs - confirmedAt <= maxAgeMs) return state;
  if (state.status === 'Unknown' && unconfirmedReasonOfStatus(state.statusReason) !== undefined) return state;
  return { ...state, status: 'Unknown', statusReason: STALE_REASON };
}
