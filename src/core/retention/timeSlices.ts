import { TunnelwatchError } from '../errors';

/**
 * Time-sliced tables: rows that grow with time live in one table per slice of `days` UTC days, named
 * `{base}{yyyyMMdd}` after the slice's first day (slices are aligned on the Unix epoch, so every process derives the
 * same name from a timestamp). Expiring a slice is one DeleteTable, whatever it holds. Pure: no clock, no I/O.
 */
export interface SliceScheme {
  /** Table name before the date: the deployment prefix and the kind (`twsnap`). */
  readonly base: string;
  /** UTC days per slice (1 = one table per day). */
  readonly days: number;
}

export interface Slice {
  readonly name: string;
  /** First millisecond of the slice (UTC midnight). */
  readonly startMs: number;
  /** First millisecond after the slice. */
  readonly endMs: number;
}

export const DAY_MS = 86_400_000;
/** A window over more slices than this is refused (a programming error upstream: query windows are ≤ 400 days). */
export const MAX_SLICES_PER_WINDOW = 1000;
const DATE_DIGITS = 8;

/** Validates a scheme: table names are `^[A-Za-z][A-Za-z0-9]{2,62}$` (TABLES.md), and the date takes 8 of them. */
export function sliceScheme(base: string, days: number): SliceScheme {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(base) || base.length + DATE_DIGITS > 63)
    throw new TunnelwatchError('CONFIG.INVALID', `time-sliced table base "${base}" must be a letter then letters or digits, at most ${63 - DATE_DIGITS} characters`);
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new TunnelwatchError('CONFIG.INVALID', `slice length must be 1 to 366 days, got ${days}`);
  return { base, days };
}

/** The slice holding `ms`. */
export function sliceAt(scheme: SliceScheme, ms: number): Slice {
  const day = Math.floor(ms / DAY_MS);
  const startDay = day - (((day % scheme.days) + scheme.days) % scheme.days);
  const startMs = startDay * DAY_MS;
  return { name: `${scheme.base}${yyyymmdd(startMs)}`, startMs, endMs: startMs + scheme.days * DAY_MS };
}

/** The slices a window [fromMs, toMs] touches, oldest first (or newest first); none for an empty window. */
export function slicesCovering(scheme: SliceScheme, fromMs: number, toMs: number, order: 'oldest-first' | 'newest-first' = 'oldest-first'): Slice[] {
  if (!(fromMs <= toMs)) return [];
  const first = sliceAt(scheme, fromMs);
  const count = Math.floor((toMs - first.startMs) / (scheme.days * DAY_MS)) + 1;
  if (count > MAX_SLICES_PER_WINDOW)
    throw new TunnelwatchError('REQUEST.INVALID', `a window may cover at most ${MAX_SLICES_PER_WINDOW} slices of ${scheme.days} day(s)`);
  const slices = Array.from({ length: count }, (_, i) => sliceAt(scheme, first.startMs + i * scheme.days * DAY_MS));
  return order === 'newest-first' ? slices.reverse() : slices;
}

/** The slice a table name stands for, or undefined for any other table (another kind, prefix or a stray name). */
export function parseSlice(scheme: SliceScheme, name: string): Slice | undefined {
  if (name.length !== scheme.base.length + DATE_DIGITS || name.slice(0, scheme.base.length).toLowerCase() !== scheme.base.toLowerCase()) return undefined;
  const digits = name.slice(scheme.base.length);
  if (!/^\d{8}$/.test(digits)) return undefined;
  const startMs = Date.UTC(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)) - 1, Number(digits.slice(6, 8)));
  const slice = sliceAt(scheme, startMs);
  // Only the canonical name of an aligned slice counts (20260231 or a misaligned start is not ours).
  return slice.startMs === startMs && yyyymmdd(startMs) === digits ? { ...slice, name } : undefined;
}

/** Of these table names, the slices wholly before `cutoffMs` (every row older than the cutoff), oldest first. */
export function expiredSlices(scheme: SliceScheme, names: readonly string[], cutoffMs: number): Slice[] {
  return names
    .map((name) => parseSlice(scheme, name))
    .filter((slice): slice is Slice => slice !== undefined && slice.endMs <= cutoffMs)
    .sort((a, b) => a.startMs - b.startMs);
}

function yyyymmdd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}
