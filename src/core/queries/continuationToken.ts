/**
 * Opaque continuation tokens: `<hex(JSON position)>.<signature>`. The signature covers the position and the
 * query it belongs to (its scope), so a token that was edited, or replayed against another link or filter,
 * is rejected with 400 instead of reading from somewhere the caller did not ask for.
 * Signing is injected (HMAC-SHA256 in production) because the pure core has no crypto import.
 */
export type Sign = (text: string) => string;

export type Position = Readonly<Record<string, string | number>>;

export function encodeContinuationToken(position: Position, scope: string, sign: Sign): string {
  const body = toHex(JSON.stringify(position));
  return `${body}.${sign(`${scope}\n${body}`)}`;
}

/** The position inside a token, or undefined when it is malformed, tampered with or issued for another query. */
export function decodeContinuationToken(token: string, scope: string, sign: Sign): Position | undefined {
  const [body, signature, extra] = token.split('.');
  if (body === undefined || signature === undefined || extra !== undefined) return undefined;
  if (!constantTimeEqual(signature, sign(`${scope}\n${body}`))) return undefined;
  const json = fromHex(body);
  if (json === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed as Record<string, unknown>);
    return entries.every(([, v]) => typeof v === 'string' || typeof v === 'number') ? (parsed as Position) : undefined;
  } catch {
    return undefined;
  }
}

function toHex(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): string | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
