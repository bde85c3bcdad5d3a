/** How a link's byte counters moved since the previous poll. */
export type CounterTrend = 'grew' | 'flat' | 'unknown';

interface Counters {
  readonly ingressBytes?: string;
  readonly egressBytes?: string;
}

/**
 * 'grew' when either counter went up (the link passed traffic, so it was up), 'flat' when both stayed put, 'unknown'
 * when there is nothing to compare (first sighting, a counter not reported) or a counter went back (a restart says
 * the tunnel changed, not that it carried traffic).
 */
export function counterTrend(current: Counters, previous: Counters | undefined): CounterTrend {
  if (!previous?.ingressBytes || !previous.egressBytes || current.ingressBytes === undefined || current.egressBytes === undefined) return 'unknown';
  const dIn = BigInt(current.ingressBytes) - BigInt(previous.ingressBytes);
  const dOut = BigInt(current.egressBytes) - BigInt(previous.egressBytes);
  if (dIn < 0n || dOut < 0n) return 'unknown';
  return dIn > 0n || dOut > 0n ? 'grew' : 'flat';
}
