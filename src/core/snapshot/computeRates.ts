/** Counters at one poll: exact int64 decimal strings and the poll time. */
export interface CounterReading {
  readonly ingressBytes: string;
  readonly egressBytes: string;
  readonly atMs: number;
}

export interface Rates {
  readonly ingressBps?: number;
  readonly egressBps?: number;
  /** A counter went backwards: the tunnel restarted between the two polls. */
  readonly counterRestart: boolean;
}

/**
 * Bits per second between two polls, in bigint so counters beyond 2^53 stay exact until the final division.
 * After a restart the bytes moved in the interval are unknowable (the restart time is not), so no rate is given
 * rather than a negative or invented one; the next interval has rates again.
 */
export function computeRates(previous: CounterReading | undefined, current: CounterReading): Rates {
  if (!previous) return { counterRestart: false };
  const dIn = BigInt(current.ingressBytes) - BigInt(previous.ingressBytes);
  const dOut = BigInt(current.egressBytes) - BigInt(previous.egressBytes);
  if (dIn < 0n || dOut < 0n) return { counterRestart: true };
  const elapsedMs = current.atMs - previous.atMs;
  if (elapsedMs <= 0) return { counterRestart: false };
  return { ingressBps: bitsPerSecond(dIn, elapsedMs), egressBps: bitsPerSecond(dOut, elapsedMs), counterRestart: false };
}

function bitsPerSecond(deltaBytes: bigint, elapsedMs: number): number {
  // Scale by 1000 for ms→s and keep three decimals of precision before converting to a number.
  const milliBps = (deltaBytes * 8n * 1_000_000n) / BigInt(Math.round(elapsedMs));
  return Number(milliBps) / 1000;
}
