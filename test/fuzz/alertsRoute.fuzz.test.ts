import { HttpRequest, InvocationContext } from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryAlertDedup } from '../support/fakes/inMemoryAlertDedup';
import { InMemoryAuditStore } from '../support/fakes/inMemoryAuditStore';
import type { AlertHttpDeps } from '../../src/app/remediation/acceptAlert';
import { alertsHandler } from '../../src/functions/alerts';
import { ALERT_BOUNDS } from '../../src/core/remediation/alertBounds';
import { tunnelAlert } from '../faults/support/tunnelAlert';
import { buildLinkState } from '../support/builders';
import { InMemoryLinkStateRanges } from '../support/fakes/inMemoryLinkStateRanges';
import { InMemoryRequestGate } from '../support/fakes/inMemoryRequestGate';
import { alertSamples, badAnswer, mutated, nastyValue, rssMb, withinMs } from './fuzzKit';

const SUB = '/subscriptions/00000000-0000-4000-8000-000000000000';
const GATEWAY = `${SUB}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000`;
const LINK = buildLinkState({ id: `${GATEWAY}/vpnConnections/conn-00-000-00/vpnLinkConnections/link-0` });

/** In-memory ports so tens of thousands of bodies run in seconds; the handler and use case are the real ones. */
function deps(): AlertHttpDeps {
  let id = 0;
  return {
    linkStates: new InMemoryLinkStateRanges(() => [LINK]),
    queue: { send: async () => undefined },
    requestGate: new InMemoryRequestGate(),
    downStatuses: ['NotConnected'],
    dedup: new InMemoryAlertDedup(),
    audit: new InMemoryAuditStore(),
    scopes: [SUB],
    newId: () => `id-${++id}`,
    clock: { now: () => new Date('2026-03-02T08:00:00Z') },
    maxBodyBytes: 262_144,
  };
}

const context = (): InvocationContext =>
  new InvocationContext({ functionName: 'alerts', logHandler: () => undefined });
const post = (body: string, contentType: string | undefined): HttpRequest =>
  new HttpRequest({
    method: 'POST',
    url: 'http://127.0.0.1/api/alerts',
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body: { string: body },
  });

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.x+json',
  'text/plain',
  'application/xml',
  '',
  'multipart/form-data; boundary=x',
];
// Whole deliveries only: the reference folder also holds bare alertContext fragments, which are not alerts.
const samples = [
  ...alertSamples().filter((s) => typeof s === 'object' && s !== null && 'schemaId' in s),
  tunnelAlert(GATEWAY, 'conn-00-000-00', '/alerts/fuzz'),
];

/** Hostile shapes: many targets, many dimension values, long ids and values, network-path targets. */
const hostile = fc
  .record({
    targets: fc.array(
      fc.oneof(
        fc.constant(GATEWAY),
        fc.nat(2000).map((i) => `${SUB}/resourceGroups/rg-00/providers/Microsoft.Network/connections/c${i}`),
        fc.constant(`/${GATEWAY}`),
      ),
      { maxLength: 120 },
    ),
    names: fc.nat(1500),
    ips: fc.nat(1500),
    alertIdChars: fc.constantFrom(10, ALERT_BOUNDS.maxAlertIdChars, ALERT_BOUNDS.maxAlertIdChars + 1, 40_000),
  })
  .map(({ targets, names, ips, alertIdChars }) => {
    const alert = tunnelAlert(GATEWAY, 'conn-00-000-00', 'a'.repeat(alertIdChars)) as {
      data: {
        essentials: { alertTargetIDs: string[] };
        alertContext: { condition: { allOf: Array<{ dimensions: unknown[] }> } };
      };
    };
    alert.data.essentials.alertTargetIDs.push(...targets);
    alert.data.alertContext.condition.allOf[0]!.dimensions.push(
      ...Array.from({ length: names }, (_, i) => ({ name: 'ConnectionName', value: `conn-${i}` })),
      ...Array.from({ length: ips }, (_, i) => ({ name: 'RemoteIP', value: `10.0.${i >> 8}.${i & 255}` })),
    );
    return JSON.stringify(alert);
  });

describe('POST /api/alerts under generated and mutated input', () => {
  it('answers every real sample with a 2xx', async () => {
    const handler = alertsHandler(async () => deps());
    for (const sample of samples)
      expect(
        (await handler(post(JSON.stringify(sample), 'application/json'), context())).status,
      ).toBeLessThan(300);
  });

  it('answers mutations of the real samples, random JSON, garbage text and odd content types with 2xx/4xx and JSON errors, in bounded time and memory', async () => {
    const handler = alertsHandler(async () => deps());
    const body = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .constantFrom(...samples)
          .chain((s) => mutated(s))
          .map((v) => JSON.stringify(v) ?? ''),
      },
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: nastyValue.map((v) => String(v)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
      { weight: 1, arbitrary: hostile },
    );
    const before = rssMb();
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.oneof(
          { weight: 6, arbitrary: fc.constant('application/json') },
          fc.constantFrom(...CONTENT_TYPES),
          fc.constant(undefined),
        ),
        async (text, type) => {
          const problem = badAnswer(await withinMs(5000, handler(post(text, type), context())));
          expect(problem, `body ${text.slice(0, 300)} (content type ${type})`).toBeUndefined();
        },
      ),
      { numRuns: 8000, seed: 42 },
    );
    expect(rssMb() - before, 'RSS growth over 8,000 requests (MB)').toBeLessThan(200);
  }, 60_000);

  it('refuses a body over the limit with 413-class JSON, whatever Content-Length claims', async () => {
    const handler = alertsHandler(async () => ({ ...deps(), maxBodyBytes: 1024 }));
    const response = await handler(
      post(JSON.stringify({ pad: 'x'.repeat(5000) }), 'application/json'),
      context(),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(badAnswer(response)).toBeUndefined();
  });
});
