import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * Parses an ARM response body without losing int64 precision: integers beyond 2^53 become bigint (the SDK's own
 * JSON.parse would round byte counters). Returns undefined for an empty or malformed body instead of throwing.
 */
export function parseArmBody(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parse(text, null, (value: string) => (isSafeNumber(value) ? Number(value) : isInteger(value) ? BigInt(value) : Number(value)));
  } catch {
    return undefined;
  }
}
