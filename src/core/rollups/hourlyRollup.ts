import type { LinkSnapshot } from '../snapshot/linkSnapshot';

/**
 * One link's traffic and availability over one UTC hour, accumulated snapshot by snapshot.
 * Each snapshot stands for the interval since the link's previous snapshot (which may lie in the previous hour);
 * a gap longer than MAX_SAMPLE_GAP_MS is "no data" and contributes no time and no bytes.
 * Sums are kept rather than averages so that adding one more cycle is exact and repeatable.
 */
export interface HourlyRollup {
  /** Start of the hour, ISO 8601 UTC (e.g. 2026-01-31T10:00:00.000Z). */
  readonly hour: string;
  readonly linkKey: string;
  readonly linkId: string;
  readonly samples: number;
  /** Samples whose status was Connected. */
  readonly upSamples: number;
  /** Seconds covered by samples (sum of their intervals). */
  readonly observedSeconds: number;
  /** Seconds covered by samples whose status was not Connected. */
  readonly downSeconds: number;
  /** Bytes since the previous sample, summed; exact decimal strings (int64 counters). */
  readonly ingressBytes: string;
  readonly egressBytes: string;
  readonly peakIngressBps: number;
  readonly peakEgressBps: number;
  /** The last sample folded in: the baseline for the next one and the idempotency mark. */
  readonly last: LastSample;
}

export interface LastSample {
  readonly polledAt: string;
  readonly ingressBytes: string;
  readonly egressBytes: string;
}

export const MAX_SAMPLE_GAP_MS = 10 * 60_000;

export function hourOf(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000)).toISOString();
}

/**
 * Folds one snapshot into its hour's rollup. `current` is the rollup so far (undefined for the hour's first sample),
 * `previous` the link's sample before this hour (from the previous hour's rollup), used only when `current` is absent.
 * A snapshot at or before the last folded one is ignored, so re-running a cycle never counts twice.
 */
export function foldSnapshot(current: HourlyRollup | undefined, previous: LastSample | undefined, snapshot: LinkSnapshot): HourlyRollup {
  const baseline = current?.last ?? previous;
  const t = Date.parse(snapshot.polledAt);
  if (current && t <= Date.parse(current.last.polledAt)) return current;
  const gapMs = baseline ? t - Date.parse(baseline.polledAt) : 0;
  const counted = baseline !== undefined && gapMs > 0 && gapMs <= MAX_SAMPLE_GAP_MS;
  const seconds = counted ? gapMs / 1000 : 0;
  const inBytes = counted ? bytesSince(baseline.ingressBytes, snapshot.ingressBytes) : 0n;
  const outBytes = counted ? bytesSince(baseline.egressBytes, snapshot.egressBytes) : 0n;
  const up = snapshot.status === 'Connected';
  const base = current ?? emptyRollup(hourOf(snapshot.polledAt), snapshot);
  return {
    ...base,
    samples: base.samples + 1,
    upSamples: base.upSamples + (up ? 1 : 0),
    observedSeconds: base.observedSeconds + seconds,
    downSeconds: base.downSeconds + (up ? 0 : seconds),
    ingressBytes: (BigInt(base.ingressBytes) + inBytes).toString(),
    egressBytes: (BigInt(base.egressBytes) + outBytes).toString(),
    peakIngressBps: Math.max(base.peakIngressBps, seconds > 0 ? Number(inBytes * 8n) / seconds : 0),
    peakEgressBps: Math.max(base.peakEgressBps, seconds > 0 ? Number(outBytes * 8n) / seconds : 0),
    last: { polledAt: snapshot.polledAt, ingressBytes: counter(snapshot.ingressBytes).toString(), egressBytes: counter(snapshot.egressBytes).toString() },
  };
}

function emptyRollup(hour: string, snapshot: LinkSnapshot): HourlyRollup {
  return {
    hour,
    linkKey: snapshot.key,
    linkId: snapshot.id,
    samples: 0,
    upSamples: 0,
    observedSeconds: 0,
    downSeconds: 0,
    ingressBytes: '0',
    egressBytes: '0',
    peakIngressBps: 0,
    peakEgressBps: 0,
    last: { polledAt: snapshot.polledAt, ingressBytes: '0', egressBytes: '0' },
  };
}

/** Bytes moved between two counter readings; a counter that went backwards restarted from zero. */
export function bytesSince(before: string, after: string): bigint {
  const a = counter(before);
  const b = counter(after);
  return b >= a ? b - a : b;
}

function counter(text: string): bigint {
  return /^\d{1,30}$/.test(text) ? BigInt(text) : 0n;
}
