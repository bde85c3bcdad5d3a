const UNITS_MS = [1_000, 60_000, 3_600_000] as const;

/**
 * The interval of a six-field NCRONTAB schedule (`{second} {minute} {hour} {day} {month} {day-of-week}`) of the
 * regular shapes a poll uses: the first field (from seconds up) that is not a fixed number is `*` (every unit) or
 * `*` / `n/step` (every `step` units), and the fields above it are `*`. Anything else (lists, ranges, days) is
 * undefined: the caller then falls back on another bound rather than guess.
 */
export function scheduleIntervalMs(expression: string): number | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6 || fields.slice(3).some((f) => f !== '*')) return undefined;
  for (const [i, unit] of UNITS_MS.entries()) {
    const field = fields[i]!;
    if (/^\d+$/.test(field)) continue;
    if (fields.slice(i + 1, 3).some((f) => f !== '*')) return undefined;
    if (field === '*') return unit;
    const step = /^(?:\*|\d+)\/(\d+)$/.exec(field)?.[1];
    return step !== undefined && Number(step) > 0 ? Number(step) * unit : undefined;
  }
  return 24 * 3_600_000;
}
