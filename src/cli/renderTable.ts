/** Terminal width a table is fitted to unless `--wide` asks for everything. */
export const TABLE_WIDTH = 160;
const GAP = '  ';
const MIN_COLUMN = 6;

/**
 * A plain-text table for terminals: one header row, columns padded to their widest cell. With `maxWidth`, the widest
 * columns give up characters until every line fits, those named in `shrinkFirst` before the others; a cut cell ends
 * with `…` so a truncation is never silent.
 */
export function renderTable(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>,
  options: { readonly maxWidth?: number; readonly shrinkFirst?: readonly string[] } = {},
): string {
  const cells = [columns, ...rows.map((r) => r.map((c) => (c === undefined ? '' : String(c))))];
  const natural = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const first = columns.map((c) => options.shrinkFirst?.includes(c) ?? false);
  const maxWidth = options.maxWidth ?? Number.POSITIVE_INFINITY;
  const widths = fitWidths(fitWidths(natural, columns, maxWidth, first), columns, maxWidth);
  return (
    cells
      .map((r) =>
        r
          .map((c, i) => clip(c ?? '', widths[i]!).padEnd(widths[i]!))
          .join(GAP)
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** Shrinks the widest allowed column one character at a time (never under its header or MIN_COLUMN) until rows fit. */
function fitWidths(
  start: readonly number[],
  columns: readonly string[],
  maxWidth: number,
  allowed?: readonly boolean[],
): number[] {
  const widths = [...start];
  const total = (): number => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  const floor = (i: number): number =>
    allowed && !allowed[i] ? start[i]! : Math.min(start[i]!, Math.max(MIN_COLUMN, columns[i]!.length));
  while (total() > maxWidth) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++)
      if (widths[i]! > floor(i) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    if (widest < 0) break;
    widths[widest]! -= 1;
  }
  return widths;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export function formatDuration(seconds: number | undefined): string {
  if (!seconds) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m`;
}

/** Bits per second, short: 950, 12.3k, 4.1M, 1.2G; `—` when unknown (null or absent: no counters, or no previous poll), never `0`. */
export function formatRate(bps: number | null | undefined): string {
  if (bps === undefined || bps === null || !Number.isFinite(bps)) return '—';
  const units: ReadonlyArray<[number, string]> = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  const unit = units.find(([size]) => bps >= size);
  return unit ? `${(bps / unit[0]).toFixed(1)}${unit[1]}` : `${Math.round(bps)}`;
}

/**
 * How old a link's status is and how it was learnt, compactly: `<1m traffic`, `3m get`; an unconfirmed status shows
 * its reason after a `!` (`7m get !budget`, `never !throttled`), so a stale status never looks like a fresh one.
 */
export function formatStatusAge(ageSeconds: number | undefined, source: string | undefined, statusReason: string | undefined): string {
  const age = ageSeconds === undefined ? 'never' : ageSeconds < 60 ? '<1m' : formatDuration(ageSeconds);
  const reason = statusReason?.replace(/^unconfirmed: /, '');
  return [age, source, reason && `!${reason}`].filter(Boolean).join(' ');
}
