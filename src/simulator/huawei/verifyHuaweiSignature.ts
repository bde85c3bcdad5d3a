import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Huawei API Gateway's AK/SK check (`SDK-HMAC-SHA256`, "API Request Signing Guide"), written from the guide
 * independently of any SDK signer so the two cross-check each other:
 *   CanonicalRequest = method \n CanonicalURI (each segment URI-encoded, ending in '/') \n CanonicalQueryString
 *     (names and values URI-encoded, sorted) \n CanonicalHeaders (`name:value\n` of each signed header) \n
 *     SignedHeaders \n hex(sha256(body))    — or the X-Sdk-Content-Sha256 header's value (UNSIGNED-PAYLOAD)
 *   StringToSign = 'SDK-HMAC-SHA256' \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature = hex(HMAC-SHA256(SK, StringToSign))
 * X-Sdk-Date must be signed and within 15 minutes of the gateway's clock.
 */
export const HUAWEI_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const HUAWEI_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface HuaweiSignedRequest {
  readonly method: string;
  /** Path and query as sent (`req.url`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HuaweiCredential {
  readonly accessKey: string;
  readonly secretKey: string;
}

export type SignatureCheck =
  | { readonly ok: true; readonly accessKey: string }
  /** `message` completes Huawei's "Incorrect IAM authentication information: …". */
  | { readonly ok: false; readonly message: string };

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function verifyHuaweiSignature(request: HuaweiSignedRequest, credentials: readonly HuaweiCredential[], now: number): SignatureCheck {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) return { ok: false, message: 'Authorization header is missing' };
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) return { ok: false, message: `Authorization is not '${HUAWEI_SIGNING_ALGORITHM} Access=…, SignedHeaders=…, Signature=…'` };
  const [, accessKey, signedHeaderList, signature] = parsed as unknown as [string, string, string, string];
  const credential = credentials.find((candidate) => candidate.accessKey === accessKey);
  if (!credential) return { ok: false, message: `Get secretKey failed,ak:${accessKey},err:ak not exist` };
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('x-sdk-date')) return { ok: false, message: 'x-sdk-date must be a signed header' };
  const date = headerValue(request.headers, 'x-sdk-date');
  const signedAt = date === undefined ? undefined : parseSdkDate(date);
  if (date === undefined || signedAt === undefined) return { ok: false, message: 'X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ' };
  if (Math.abs(now - signedAt) > HUAWEI_MAX_CLOCK_SKEW_MS) return { ok: false, message: 'signature expired' };
  const canonical = huaweiCanonicalRequest(request, signedHeaders);
  if (canonical === undefined) return { ok: false, message: 'a signed header is missing from the request' };
  const expected = huaweiSignature(credential.secretKey, huaweiStringToSign(date, canonical));
  const matches = signature.length === expected.length && timingSafeEqual(Buffer.from(signature.toLowerCase()), Buffer.from(expected));
  return matches ? { ok: true, accessKey } : { ok: false, message: 'verify aksk signature fail' };
}

/** The canonical request over these (lower-case, sorted) signed headers; undefined when one is absent. */
export function huaweiCanonicalRequest(request: HuaweiSignedRequest, signedHeaders: readonly string[]): string | undefined {
  const [path = '/', query = ''] = splitOnce(request.url, '?');
  const headerLines: string[] = [];
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return undefined;
    headerLines.push(`${name}:${value.trim()}\n`);
  }
  const payloadHash = headerValue(request.headers, 'x-sdk-content-sha256') ?? sha256Hex(request.body);
  return [request.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), headerLines.join(''), signedHeaders.join(';'), payloadHash].join('\n');
}

export function huaweiStringToSign(sdkDate: string, canonicalRequest: string): string {
  return `${HUAWEI_SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
}

export function huaweiSignature(secretKey: string, stringToSign: string): string {
  return createHmac('sha256', secretKey).update(stringToSign).digest('hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` → epoch ms; undefined when malformed. */
export function parseSdkDate(text: string): number | undefined {
  const match = SDK_DATE.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

export function formatSdkDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3986 encoding: everything but A–Z a–z 0–9 - _ . ~ as %XY (upper-case hex). */
export function huaweiUriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(path: string): string {
  const encoded = path.split('/').map((segment) => huaweiUriEncode(safeDecode(segment))).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function canonicalQuery(query: string): string {
  const pairs = query
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name = '', value = ''] = splitOnce(part, '=');
      return [huaweiUriEncode(safeDecode(name)), huaweiUriEncode(safeDecode(value))] as const;
    });
  pairs.sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
