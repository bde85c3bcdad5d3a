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

/** FNV-1a 64-bit as 16 hex digits: short, stable ids without a crypto import in the pure core. */
export function stableHash64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
