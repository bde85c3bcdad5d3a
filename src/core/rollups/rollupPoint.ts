import type { HourlyRollup } from './hourlyRollup';

/** One hourly point as the API serves it (docs/api.md, resolution=hour). */
export interface RollupPoint {
  readonly hour: string;
  readonly samples: number;
  /** Share of samples that were Connected, 0-100, two decimals. */
  readonly uptimePercent: number;
  readonly minutesDown: number;
  readonly ingressBytes: string;
  readonly egressBytes: string;
  readonly avgIngressBps: number;
  readonly avgEgressBps: number;
  readonly peakIngressBps: number;
  readonly peakEgressBps: number;
}

export function toRollupPoint(r: HourlyRollup): RollupPoint {
  const avg = (bytes: string): number => (r.observedSeconds > 0 ? round(Number(BigInt(bytes) * 8n) / r.observedSeconds) : 0);
  return {
    hour: r.hour,
    samples: r.samples,
    uptimePercent: r.samples > 0 ? round((r.upSamples / r.samples) * 100) : 0,
    minutesDown: round(r.downSeconds / 60),
    ingressBytes: r.ingressBytes,
    egressBytes: r.egressBytes,
    avgIngressBps: avg(r.ingressBytes),
    avgEgressBps: avg(r.egressBytes),
    peakIngressBps: round(r.peakIngressBps),
    peakEgressBps: round(r.peakEgressBps),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
