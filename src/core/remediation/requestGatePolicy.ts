/**
 * How long a link's request gate stays held when nobody releases it (the message was lost or poisoned): then the
 * next request takes it over. Long enough for a queued request to be handled under load, short enough that a lost
 * message delays a link's next request by minutes, not hours.
 */
export const REQUEST_GATE_TTL_MS = 15 * 60_000;

export interface GateHolder {
  readonly requestId: string;
  /** ISO 8601: the gate is free from this time on. */
  readonly until: string;
}

/** ours: this request holds the gate; free: nobody holds it (absent, released or expired); taken: another request does. */
export function gateStatus(holder: GateHolder | undefined, requestId: string, now: Date): 'ours' | 'free' | 'taken' {
  if (holder === undefined) return 'free';
  const until = Date.parse(holder.until);
  if (Number.isNaN(until) || until <= now.getTime()) return 'free';
  return holder.requestId === requestId ? 'ours' : 'taken';
}

/** The holder row a request writes when it takes the gate at `now`. */
export function gateHolder(requestId: string, now: Date, ttlMs = REQUEST_GATE_TTL_MS): GateHolder {
  return { requestId, until: new Date(now.getTime() + ttlMs).toISOString() };
}

/** A released gate: free for any clock. */
export const RELEASED_UNTIL = new Date(0).toISOString();
