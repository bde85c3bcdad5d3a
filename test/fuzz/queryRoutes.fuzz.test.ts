import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../src/app/monitoring/runPollCycle';
import { buildQueryDeps } from '../../src/composition/queryDeps';
import { linkKeyFromId } from '../../src/core/ids/linkKey';
import { eventsHandler } from '../../src/functions/events';
import { historyHandler } from '../../src/functions/history';
import { linkDetailHandler } from '../../src/functions/linkDetail';
import { linksHandler } from '../../src/functions/links';
import { remediationsHandler } from '../../src/functions/remediations';
import { resetLinkHandler } from '../../src/functions/resetLink';
import { FaultStack } from '../faults/support/faultStack';
import { badAnswer, rssMb, withinMs } from './fuzzKit';

const PREFIX = 'fuzzq';
let stack: FaultStack;
let keys: string[] = [];

beforeAll(async () => {
  stack = await FaultStack.start({ connection: inject('azuriteConnectionString'), prefix: PREFIX, seed: 5, fleet: '1x2x1x2', settings: { TW_REMEDIATION_MODE: 'dry-run' } });
  await runPollCycle(stack.monitoring());
  keys = stack.sim.listLinks().map((l) => linkKeyFromId(l.id));
});
afterAll(async () => stack.stop());

const PARAMS = ['from', 'to', 'top', 'continuationToken', 'format', 'order', 'resolution', 'status', 'gateway', 'site', 'link', 'outcome', 'dryRun', 'requestedBy', 'code'];
const value = fc.oneof(
  fc.constantFrom('', 'true', 'false', 'csv', 'json', 'xml', 'asc', 'desc', 'raw', 'hour', 'auto', '0', '-1', '1000000', '2026-03-02T08:00:00Z', '2026-02-30', 'NotConnected', 'eyJ4IjoxfQ', '%', '%00', "' or 1 eq 1"),
  fc.string({ maxLength: 60 }),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const query = fc.dictionary(fc.constantFrom(...PARAMS), value, { maxKeys: 5 }).map((q) => new URLSearchParams(q).toString());
const key = (): fc.Arbitrary<string> => fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 80 }), fc.constantFrom(...keys).map((k) => `${k.slice(0, -1)}x`), fc.constant(''));

type Route = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

describe('every query route and the manual reset route under generated paths and query strings', () => {
  it('answers 2xx/4xx with JSON errors, never 5xx, each within 5 s, in bounded memory', async () => {
    const queries = buildQueryDeps(stack.config.storageConnection, PREFIX);
    const worker = stack.worker('fuzz');
    const routes: ReadonlyArray<readonly [string, string, boolean, Route]> = [
      ['GET', 'links', false, linksHandler(() => queries)],
      ['GET', 'links/{key}', true, linkDetailHandler(() => queries)],
      ['GET', 'links/{key}/history', true, historyHandler(() => queries)],
      ['GET', 'links/{key}/events', true, eventsHandler(() => queries)],
      ['GET', 'remediations', false, remediationsHandler(() => queries)],
      ['POST', 'links/{key}/reset', true, resetLinkHandler(async () => worker.deps)],
    ];
    const before = rssMb();
    await fc.assert(
      fc.asyncProperty(fc.nat(routes.length - 1), key(), query, async (index, linkKey, q) => {
        const [method, template, withKey, handler] = routes[index]!;
        const url = `http://127.0.0.1/api/${template.replace('{key}', encodeURIComponent(linkKey))}?${q}`;
        const request = new HttpRequest({ method, url, params: withKey ? { key: linkKey } : {}, query: Object.fromEntries(new URLSearchParams(q)) });
        const response = await withinMs(5000, handler(request, new InvocationContext({ functionName: template, logHandler: () => undefined })));
        expect(badAnswer(response), `${method} ${url}`).toBeUndefined();
      }),
      { numRuns: 1000, seed: 99 },
    );
    expect(rssMb() - before, 'RSS growth (MB)').toBeLessThan(200);
  }, 120_000);
});
