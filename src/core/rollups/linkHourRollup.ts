import type { LinkSnapshot } from '../snapshot/linkSnapshot';
import { foldSnapshot, hourOf, type HourlyRollup, type LastSample } from './hourlyRollup';

/** An hour's rollup as kept inside link state: the link's key and id are the state's own, so not repeated. */
export type HourAccumulator = Omit<HourlyRollup, 'linkKey' | 'linkId'>;

/** The rollup bookkeeping a link state carries from cycle to cycle (written with the state, no extra round trip). */
export interface LinkRollupState {
  /** The current UTC hour so far. */
  readonly hourRollup?: HourAccumulator;
  /** Finished hours not yet confirmed written to the rollup table, oldest first. */
  readonly pendingRollups?: readonly HourAccumulator[];
}

/** What the rollover needs from the previous state: its rollup fields and the sample it last saw. */
export interface RollupBaseline extends LinkRollupState {
  readonly lastPolledAt: string;
  readonly ingressBytes: string;
  readonly egressBytes: string;
}

/**
 * Bounds the state entity (≤30,000 JSON chars per connection, ≤4 links): a rollup table that stays unwritable for
 * longer than this many hours loses the oldest finished hours' rollups (raw snapshots still hold them).
 */
export const MAX_PENDING_HOURS = 12;

/**
 * Folds one snapshot into the link's rollup state. Same hour: folded into the accumulator. A later hour: the
 * accumulator is finished and becomes pending (to be flushed), and a new hour starts from the previous sample as its
 * baseline. A snapshot at or before the last one folded (a re-run cycle) or from an earlier hour changes nothing.
 */
export function rollLinkHour(previous: RollupBaseline | undefined, snapshot: LinkSnapshot): LinkRollupState {
  const current = previous?.hourRollup;
  const pending = previous?.pendingRollups ?? [];
  const hour = hourOf(snapshot.polledAt);
  if (current && hour < current.hour) return rollupFields(current, pending);
  if (current && hour === current.hour) return rollupFields(strip(foldSnapshot(withLink(current, snapshot), undefined, snapshot)), pending);
  const baseline: LastSample | undefined =
    current?.last ?? (previous && { polledAt: previous.lastPolledAt, ingressBytes: previous.ingressBytes, egressBytes: previous.egressBytes });
  const started = strip(foldSnapshot(undefined, baseline, snapshot));
  return rollupFields(started, current ? [...pending, current].slice(-MAX_PENDING_HOURS) : pending);
}

/** The link's finished hours awaiting a flush, as rollup rows. */
export function pendingRollupsOf(state: LinkRollupState & { readonly key: string; readonly id: string }): HourlyRollup[] {
  return (state.pendingRollups ?? []).map((r) => ({ ...r, linkKey: state.key, linkId: state.id }));
}

/** The state without the pending hours that were confirmed written (`flushedHours`); others stay for a retry. */
export function acknowledgeFlushed<S extends LinkRollupState>(state: S, flushedHours: ReadonlySet<string> | undefined): S {
  if (!flushedHours || !state.pendingRollups?.some((r) => flushedHours.has(r.hour))) return state;
  const { pendingRollups, ...rest } = state;
  const left = pendingRollups.filter((r) => !flushedHours.has(r.hour));
  return (left.length > 0 ? { ...rest, pendingRollups: left } : rest) as S;
}

function rollupFields(hourRollup: HourAccumulator, pending: readonly HourAccumulator[]): LinkRollupState {
  return pending.length > 0 ? { hourRollup, pendingRollups: pending } : { hourRollup };
}

function withLink(r: HourAccumulator, snapshot: LinkSnapshot): HourlyRollup {
  return { ...r, linkKey: snapshot.key, linkId: snapshot.id };
}

function strip(r: HourlyRollup): HourAccumulator {
  const { linkKey: _key, linkId: _id, ...rest } = r;
  return rest;
}
