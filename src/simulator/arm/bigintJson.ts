/**
 * JSON with exact int64 counters. ARM byte counters are int64; going through a double would round values above
 * 2^53, so they are written as their decimal digits. `int64(value)` is a plain number while that is exact;
 * beyond 2^53 it is a marker (U+0001 plus digits) that native JSON.stringify writes as the ASCII escape `\u0001`
 * (keeping the fast one-byte string path); the quotes and the escape are then cut away, leaving a bare number.
 */
const MARKER = '\u0001';
const ESCAPED = '"\\u0001';

/** An int64 for a response body: exact on the wire, whatever its size. */
export type Int64Json = number | (string & { readonly __int64: true });

export function int64(value: bigint): Int64Json {
  if (value <= MAX_EXACT && value >= -MAX_EXACT) return Number(value);
  return (MARKER + value.toString()) as Int64Json;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** Serializes a body; plain bigint values (e.g. in control views) are accepted too, through a slower replacer. */
export function stringifyWithBigInt(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (thrown) {
    if (!(thrown instanceof TypeError)) throw thrown;
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? int64(v) : v));
  }
  return text.includes(ESCAPED) ? spliceNumbers(text) : text;
}

function spliceNumbers(text: string): string {
  const parts = text.split(ESCAPED);
  if (parts.length === 1) return text;
  const out: string[] = [parts[0]!];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const end = part.indexOf('"');
    out.push(part.slice(0, end), part.slice(end + 1));
  }
  return out.join('');
}
