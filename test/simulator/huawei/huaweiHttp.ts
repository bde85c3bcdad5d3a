import { createHash, createHmac } from 'node:crypto';
import { SIM_HUAWEI_ACCESS_KEY, SIM_HUAWEI_SECRET_KEY } from '../../../src/simulator';
import { sendHttps, type RawResponse } from '../simHttp';

export interface HuaweiCallOptions {
  readonly accessKey?: string;
  readonly secretKey?: string;
  /** The signing time (ms); default the clock given as `now`, else Date.now(). */
  readonly signedAt?: number;
  readonly body?: unknown;
  /** No Authorization header at all. */
  readonly unsigned?: boolean;
  /** Changes the request after signing (a tampered query, header or body). */
  readonly tamper?: { readonly path?: string; readonly body?: string };
}

const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');
const rfc3986 = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A request signed the way Huawei's signing guide describes it (written for the tests, separately from the
 * simulator's verifier): host, x-project-id, x-sdk-date (and content-type with a body) are signed.
 */
export function huaweiCall(sim: { url: string; certPem: string }, method: string, path: string, options: HuaweiCallOptions = {}): Promise<RawResponse> {
  const url = new URL(path, sim.url);
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const date = new Date(options.signedAt ?? Date.now()).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  const projectId = url.pathname.split('/')[2] ?? '';
  const headers: Record<string, string> = { host: url.host, 'x-project-id': projectId, 'x-sdk-date': date, ...(body ? { 'content-type': 'application/json' } : {}) };
  const names = Object.keys(headers).sort();
  const query = [...url.searchParams.entries()].map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).sort().join('&');
  const canonical = [
    method,
    `${url.pathname.split('/').map(rfc3986).join('/')}/`,
    query,
    names.map((name) => `${name}:${headers[name]}\n`).join(''),
    names.join(';'),
    sha256(body),
  ].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${date}\n${sha256(canonical)}`;
  const signature = createHmac('sha256', options.secretKey ?? SIM_HUAWEI_SECRET_KEY).update(toSign).digest('hex');
  const authorization = `SDK-HMAC-SHA256 Access=${options.accessKey ?? SIM_HUAWEI_ACCESS_KEY}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  const sent = options.tamper?.body ?? body;
  const target = options.tamper?.path === undefined ? url : new URL(options.tamper.path, sim.url);
  const sentHeaders = { ...headers, ...(options.unsigned ? {} : { authorization }), ...(sent ? { 'content-length': String(Buffer.byteLength(sent)) } : {}) };
  return sendHttps(sim, target, method, sentHeaders, sent || undefined);
}
