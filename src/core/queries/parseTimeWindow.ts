import type { ParamReader } from './queryParams';

export interface TimeWindow {
  /** Inclusive start, ISO 8601 (UTC). */
  readonly from: string;
  /** Exclusive end, ISO 8601 (UTC). */
  readonly to: string;
}

/**
 * Reads `from`/`to`: both optional (`to` defaults to now, `from` to `to` minus the default window),
 * `from` must be before `to`, and the window at most `maxMs` long.
 */
export function parseTimeWindow(reader: ParamReader, now: Date, defaultMs: number, maxMs: number): TimeWindow & { readonly spanMs: number } {
  const fromMs = reader.instant('from');
  const toMs = reader.instant('to');
  const to = toMs ?? (fromMs !== undefined ? Math.min(fromMs + defaultMs, now.getTime()) : now.getTime());
  const from = fromMs ?? to - defaultMs;
  const spanMs = to - from;
  if (fromMs !== undefined && spanMs <= 0) reader.fail('from', 'from must be earlier than to');
  else if (spanMs > maxMs) reader.fail(fromMs !== undefined ? 'from' : 'to', `the window from..to must be at most ${formatSpan(maxMs)}`);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), spanMs };
}

function formatSpan(ms: number): string {
  const hours = ms / 3_600_000;
  return hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}
