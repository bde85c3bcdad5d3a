import { normalizeArmId } from './armId';

/**
 * The stable, URL-safe key of a link: base64url of its normalised (lower-case) ARM id.
 * Reversible, so a key is enough to find the link; valid as a Table Storage key (no / \ # ?).
 */
export function linkKeyFromId(id: string): string {
  return base64UrlEncode(normalizeArmId(id));
}

export function linkIdFromKey(key: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return undefined;
  const id = base64UrlDecode(key);
  return id.startsWith('/subscriptions/') && linkKeyFromId(id) === key ? id : undefined;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Hand-rolled so the pure core needs no Buffer (node:buffer) import; ARM ids are ASCII.
function base64UrlEncode(text: string): string {
  const bytes = Array.from(new TextEncoder().encode(text));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    const chars = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63].map((v) => ALPHABET[v]!);
    out += chars.slice(0, bytes.length - i >= 3 ? 4 : bytes.length - i + 1).join('');
  }
  return out;
}

function base64UrlDecode(encoded: string): string {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of encoded) {
    buffer = (buffer << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
