import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  // Tests read arbitrary JSON bodies field by field; `any` keeps them short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json<T = any>(): T;
}

export interface RawOptions {
  /** The Authorization header; default a bearer token, null for none. */
  readonly authorization?: string | null;
  readonly body?: unknown;
  readonly timeoutMs?: number;
}

/** A plain HTTPS request to the simulator (for what the SDK hides: status codes, headers, exact bodies). */
export function rawRequest(sim: { url: string; certPem: string }, method: string, path: string, options: RawOptions = {}): Promise<RawResponse> {
  const url = new URL(path, sim.url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const authorization = options.authorization === undefined ? 'Bearer test-token' : options.authorization;
  const headers = {
    ...(authorization === null ? {} : { authorization }),
    ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
  };
  return sendHttps(sim, url, method, headers, body, options.timeoutMs);
}

/** Sends one HTTPS request trusting the simulator's certificate and collects the whole answer. */
export function sendHttps(
  sim: { certPem: string },
  url: URL,
  method: string,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  timeoutMs = 5000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: sim.certPem, agent: false, timeout: timeoutMs, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A hand-driven clock for the simulator's `now` option: tests advance time instead of sleeping. */
export function manualClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export const API = 'api-version=2026-01-01';
