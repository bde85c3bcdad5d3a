import { randomBytes, timingSafeEqual } from 'node:crypto';

export type AuthLevel = 'anonymous' | 'function' | 'admin';

export interface HostKeys {
  readonly functionKey: string;
  readonly masterKey: string;
}

/** A key shaped like the host's: 40+ URL-safe characters of randomness. */
export function generateKey(): string {
  return randomBytes(40).toString('base64url');
}

/**
 * The host's key check: the key comes in the `x-functions-key` header or the `code` query parameter;
 * `function` accepts a function key or the master key, `admin` only the master key.
 */
export function isAuthorized(level: AuthLevel, presentedKey: string | undefined, keys: HostKeys): boolean {
  if (level === 'anonymous') return true;
  if (!presentedKey) return false;
  if (sameKey(presentedKey, keys.masterKey)) return true;
  return level === 'function' && sameKey(presentedKey, keys.functionKey);
}

function sameKey(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
