import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * A number literal of 16 or more digits (2^53 has 16). Every JSON number follows `:`, `[` or `,`, so a body without
 * a match holds no integer JSON.parse could round; a match inside a string only sends that body down the slower path.
 */
const LONG_NUMBER = /[:,[]\s*-?\d{16}/;

/**
 * Parses an ARM response body without losing int64 precision: integers beyond 2^53 become bigint (the SDK's own
 * JSON.parse would round byte counters). Returns undefined for an empty or malformed body instead of throwing.
 * Bodies without a long number (nearly all) go through JSON.parse: lossless-json builds every string a character at a
 * time, and V8 keeps such a string as a chain of one node per character (~30× its size) — a first poll of 10,000
 * links then held over 100 MB of them, more than the worker's heap. The lossless path flattens its strings.
 */
export function parseArmBody(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return LONG_NUMBER.test(text) ? parseLossless(text) : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseLossless(text: string): unknown {
  return parse(
    text,
    (_key, value) => (typeof value === 'string' ? flatten(value) : value),
    (value: string) => (isSafeNumber(value) ? Number(value) : isInteger(value) ? BigInt(value) : Number(value)),
  );
}

/** One contiguous copy of a string built by concatenation (JSON.parse creates its strings flat). */
function flatten(value: string): string {
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}
