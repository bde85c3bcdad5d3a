/**
 * Defensive readers for untrusted, partially-present JSON (ARM bodies parsed losslessly: integers beyond 2^53
 * arrive as bigint). Each returns undefined instead of throwing, so garbage never crashes a cycle.
 */
export type RawObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): RawObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawObject) : undefined;
}

export function asString(value: unknown, maxLength = 1024): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A finite, non-negative number (bandwidth, DPD timeout); bigint is accepted when it fits. */
export function asNonNegativeNumber(value: unknown): number | undefined {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? n : undefined;
}

const INT64_MAX = 9223372036854775807n;

/** An int64 byte counter as an exact decimal string; undefined when absent, negative, fractional or out of range. */
export function asCounter(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value >= 0n && value <= INT64_MAX ? value.toString() : undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= INT64_MAX) return BigInt(value).toString();
  return undefined;
}

/** The `value` array of an ARM list body, or the body itself when it is a bare array (as in the official examples). */
export function listItems(body: unknown): readonly unknown[] {
  if (Array.isArray(body)) return body;
  const value = asObject(body)?.value;
  return Array.isArray(value) ? value : [];
}

/** Tags as a plain string map (non-string values dropped). */
export function asTags(value: unknown): Readonly<Record<string, string>> {
  const o = asObject(value);
  if (!o) return {};
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string') tags[k] = v;
  return tags;
}
