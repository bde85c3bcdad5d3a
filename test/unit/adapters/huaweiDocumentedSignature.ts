import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei's documented AK/SK algorithm (API Signing Guide), written out independently of the SDK so tests can check the
 * adapter's signatures for cases the published example does not cover. `headers` holds the signed headers only.
 */
export function documentedSignature(
  request: { readonly method: string; readonly url: URL; readonly headers: Readonly<Record<string, string>>; readonly body: string },
  secretKey: string,
): { readonly canonical: string; readonly signedHeaders: string; readonly signature: string } {
  const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const path = request.url.pathname.split('/').map((p) => encode(decodeURIComponent(p))).join('/');
  const query = [...request.url.searchParams.entries()].map(([k, v]) => `${encode(k)}=${encode(v)}`).sort().join('&');
  const lower = Object.fromEntries(Object.entries(request.headers).map(([h, v]) => [h.toLowerCase(), v.trim()]));
  const names = Object.keys(lower).sort();
  const canonical = [request.method, path.endsWith('/') ? path : `${path}/`, query, names.map((n) => `${n}:${lower[n]}\n`).join(''), names.join(';'), sha256(request.body)].join('\n');
  const stringToSign = ['SDK-HMAC-SHA256', lower['x-sdk-date'] ?? '', sha256(canonical)].join('\n');
  return { canonical, signedHeaders: names.join(';'), signature: createHmac('sha256', secretKey).update(stringToSign).digest('hex') };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
