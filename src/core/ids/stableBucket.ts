// FNV-1a 32-bit over UTF-16 code units: stable across processes and versions, unlike a random spread.
/** A small stable bucket of a key (snapshot partition spreading). */
export function stableBucket(key: string, buckets: number): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash % buckets;
}

/**
 * FNV-1a 64-bit as 16 hex digits: short, stable ids without a crypto import in the pure core. Computed on two 32-bit
 * halves (prime = 2^40 + 0x1b3) rather than BigInt: link keys hash every link on every poll.
 */
export function stableHash64(text: string): string {
  // eslint-disable-next-line no-control-regex -- ARM ids are ASCII: their UTF-16 code units are their UTF-8 bytes
  const bytes: ArrayLike<number> = /^[\x00-\x7f]*$/.test(text) ? { length: text.length } : new TextEncoder().encode(text);
  const ascii = !(bytes instanceof Uint8Array);
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ (ascii ? text.charCodeAt(i) : bytes[i]!)) >>> 0;
    const low = lo * 0x1b3;
    const carry = Math.floor(low / 0x1_0000_0000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
