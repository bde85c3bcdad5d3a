import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../src/local/stack/localStack';
import { alertSamples, mutated } from './fuzzKit';

const root = path.resolve(__dirname, '../..');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    functionsDir: path.join(root, 'src', 'functions'),
    hostJsonPath: path.join(root, 'host.json'),
    port: 0,
    log: () => undefined,
  });
}, 60_000);
afterAll(async () => stack?.stop());

const segment = fc.oneof(
  fc.constantFrom('links', 'fleet', 'history', 'events', 'reset', 'remediations', 'alerts', 'dashboard', 'health', 'openapi.json', '..', '%2e%2e', '%00', ''),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);
const query = fc.array(fc.tuple(fc.constantFrom('top', 'from', 'to', 'status', 'continuationToken', 'format', 'resolution', 'order', 'dryRun', 'code', 'x'), fc.string({ maxLength: 60 })), { maxLength: 5 });
const body = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 2000 }), mutated(alertSamples()[0]).map((v) => JSON.stringify(v) ?? 'null'));

/**
 * A bounded sample over real HTTP through the local host (routing, key auth, body limits, request mapping), on top
 * of the in-process fuzzers: only 2xx/3xx/4xx, and every 4xx carries a JSON error.
 */
describe('every route over real HTTP, with generated paths, queries, methods and bodies', () => {
  it('never answers 5xx, and explains every 4xx in JSON', async () => {
    const base = stack.host.apiUrl;
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), query, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), body, fc.boolean(), async (parts, params, method, text, withKey) => {
        const search = new URLSearchParams(params);
        if (withKey) search.set('code', stack.host.functionKey);
        const url = `${base}/${parts.join('/')}?${search.toString()}`;
        const response = await fetch(url, {
          method,
          signal: AbortSignal.timeout(10_000),
          ...(text !== undefined && method !== 'GET' && { body: text, headers: { 'content-type': 'application/json' } }),
        });
        const payload = await response.text();
        expect(response.status, `${method} ${url}`).toBeLessThan(500);
        if (response.status >= 400 && response.status !== 405) {
          const parsed = JSON.parse(payload) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof parsed.error?.code, `${method} ${url}: ${payload.slice(0, 200)}`).toBe('string');
          expect(typeof parsed.error?.message).toBe('string');
        }
      }),
      { numRuns: 400, seed: 20261123 },
    );
  }, 120_000);
});

describe('raw request targets a browser would normalise away', () => {
  it.each(['//', '//api/links', '/api//links', '/api/links/%ZZ', '/api/links/..%2f..%2fhealth'])('when the target is %s, then the answer is a 4xx or 2xx, never a 5xx', async (target) => {
    const { port } = new URL(stack.host.apiUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: target, method: 'GET', timeout: 10_000 }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.once('error', reject);
      request.end();
    });
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
  });
});
