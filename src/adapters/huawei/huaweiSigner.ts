import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';

/** What one Huawei Cloud API request needs to be signed; the secret key is used here and never kept or returned. */
export interface HuaweiSignInput {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Full URL, query included (`https://vpn.{region}.myhuaweicloud.com/v5/{project}/vpn-connection?limit=200`). */
  readonly url: string;
  /** Headers to send besides the signer's own (e.g. X-Project-Id, content-type); every one of them is signed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body: it is serialised once here, and `body` of the result is exactly the bytes that were hashed. */
  readonly body?: unknown;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly now: Date;
}

export interface SignedHuaweiRequest {
  /** Every header to send, unchanged: X-Sdk-Date, host, Authorization and the caller's own. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body to send (absent when there is none). */
  readonly body?: string;
}

/**
 * Signs a request with Huawei's AK/SK scheme (SDK-HMAC-SHA256) through the SDK's own signer, so the canonical request
 * is Huawei's code rather than a copy of it. Three things the SDK does that the caller must not undo:
 *  - the canonical query string comes from `queryParams`, not from the URL, so the URL's query is passed as params;
 *  - the payload hash is over `JSON.stringify(data)`, so the body sent is that same string (a pre-serialised string
 *    would be hashed with its quotes);
 *  - every header it is given is signed, so exactly the returned headers must be sent, with the same values.
 */
export function signHuaweiRequest(input: HuaweiSignInput): SignedHuaweiRequest {
  const url = new URL(input.url);
  const headers: Record<string, string> = { 'X-Sdk-Date': huaweiSdkDate(input.now) };
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    // The SDK signs values untrimmed while servers see them trimmed: keep both views identical.
    if (name.toLowerCase() === 'x-sdk-date' || name.toLowerCase() === 'authorization') continue;
    headers[name] = value.trim();
  }
  const body = input.body === undefined ? undefined : JSON.stringify(input.body);
  const signed = AKSKSigner.sign(
    {
      endpoint: input.url,
      method: input.method,
      headers,
      queryParams: queryParams(url),
      ...(body !== undefined && { data: input.body }),
    },
    { getAk: () => input.accessKey, getSk: () => input.secretKey } as unknown as Parameters<typeof AKSKSigner.sign>[1],
  ) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed)) if (typeof value === 'string') out[name] = value;
  return { headers: out, ...(body !== undefined && { body }) };
}

/** X-Sdk-Date: `YYYYMMDDTHHMMSSZ` in UTC. */
export function huaweiSdkDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** The URL's query as the SDK expects it: one entry per name, repeated names as an array. */
function queryParams(url: URL): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    params[name] = values.length === 1 ? values[0]! : values;
  }
  return params;
}
