import type { StatusEvidenceFields, StatusSource } from '../snapshot/linkSnapshot';
import { optional } from '../optional';
import type { CounterTrend } from './counterTrend';
import type { LinkMetricEvidence } from './tunnelMetricEvidence';

/** Why a link's status could not be confirmed: no read allowance left, ARM throttled or refused the read, or it failed. */
export type UnconfirmedReason = 'budget' | 'throttled' | 'forbidden' | 'error';

export interface StatusEvidence {
  /** A status read this poll: from the list item, or from a GET of the link. */
  readonly observed?: { readonly status: string; readonly source: Exclude<StatusSource, 'traffic' | 'metrics'> };
  readonly trend: CounterTrend;
  readonly previous?: StatusEvidenceFields & { readonly status: string };
  /** What Azure Monitor's tunnel metrics said about the link (its newest bucket above zero), when they were read. */
  readonly metrics?: LinkMetricEvidence;
  /** Why no status was read this poll, when none was (default: budget). */
  readonly unconfirmedReason?: UnconfirmedReason;
}

export interface ResolvedStatus extends StatusEvidenceFields {
  readonly status: string;
}

/**
 * The status a poll records for one link. A status read this poll wins; otherwise counters that grew mean it passed
 * traffic, so it was up (Connected, source traffic); otherwise a metric bucket above zero, newer than the last
 * confirmation and within `maxAgeMs`, says it was up at that bucket's end (Connected, source metrics, statusAt = the
 * bucket's end); otherwise the last confirmed status stands until it is
 * `maxAgeMs` old, then the link reads Unknown with the reason it could not be confirmed — never a silent healthy.
 * `countersStoppedAt` is the first poll whose counters stopped growing (the earliest evidence of a down streak).
 */
export function resolveLinkStatus(evidence: StatusEvidence, nowMs: number, maxAgeMs: number): ResolvedStatus {
  const now = new Date(nowMs).toISOString();
  const { observed, trend, previous } = evidence;
  const stoppedAt = trend === 'grew' ? undefined : trend === 'flat' ? (previous?.countersStoppedAt ?? now) : previous?.countersStoppedAt;
  const stopped = optional('countersStoppedAt', stoppedAt);
  if (observed) return { status: observed.status, statusSource: observed.source, statusAt: now, ...stopped };
  if (trend === 'grew') return { status: 'Connected', statusSource: 'traffic', statusAt: now, ...stopped };
  const upAt = evidence.metrics?.upAt;
  if (upAt !== undefined && (!previous?.statusAt || upAt > previous.statusAt) && nowMs - Date.parse(upAt) < maxAgeMs)
    return { status: 'Connected', statusSource: 'metrics', statusAt: upAt, ...stopped };
  const last = { ...optional('statusSource', previous?.statusSource), ...optional('statusAt', previous?.statusAt) };
  if (previous?.statusAt && previous.statusReason === undefined && nowMs - Date.parse(previous.statusAt) < maxAgeMs)
    return { status: previous.status, ...last, ...stopped };
  return { status: 'Unknown', ...last, statusReason: `unconfirmed: ${evidence.unconfirmedReason ?? 'budget'}`, ...stopped };
}

/** The unconfirmed reason of a failed status read, from its stable error code. */
export function unconfirmedReasonOf(code: string): UnconfirmedReason {
  if (code === 'ARM.THROTTLED' || code === 'HUAWEI.THROTTLED') return 'throttled';
  if (code === 'ARM.FORBIDDEN' || code === 'ARM.UNAUTHORIZED' || code === 'HUAWEI.FORBIDDEN' || code === 'HUAWEI.UNAUTHORIZED') return 'forbidden';
  return 'error';
}

/** `unconfirmed: budget` → `budget`; undefined for a confirmed status. */
export function unconfirmedReasonOfStatus(statusReason: string | undefined): string | undefined {
  return statusReason?.startsWith('unconfirmed: ') ? statusReason.slice('unconfirmed: '.length) : undefined;
}
