import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TunnelwatchError } from '../../../src/core/errors';
import { parseRemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { buildLinkState, gatewayId } from '../../support/builders';
import { buildAlertHarness, readSamples } from './support/alertHarness';

/** Alert-shaped values: the reference samples with random parts replaced, plus plain random JSON. */
function alertLike(): fc.Arbitrary<unknown> {
  const samples = readSamples().map(([, body]) => body);
  const mutate = (value: unknown, path: readonly string[], replacement: unknown): unknown => {
    if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
    const [head, ...rest] = path;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    copy[head!] = mutate(copy[head!], rest, replacement);
    return copy;
  };
  const paths = fc.constantFrom(
    ['schemaId'], ['data'], ['data', 'essentials'], ['data', 'essentials', 'alertId'], ['data', 'essentials', 'monitorCondition'],
    ['data', 'essentials', 'alertTargetIDs'], ['data', 'essentials', 'alertRule'], ['data', 'alertContext', 'condition', 'allOf'],
    ['data', 'context'], ['data', 'context', 'resourceId'], ['data', 'status'], ['data', 'context', 'condition', 'allOf', '0', 'dimensions'],
  );
  const vpnTarget = fc.constantFrom(gatewayId('gw1'), `${gatewayId('gw1')}/vpnConnections/conn1`, '/subscriptions/x', 'not-an-id', '');
  const mutated = fc.tuple(fc.constantFrom(...samples), paths, fc.oneof(fc.jsonValue(), vpnTarget, fc.array(vpnTarget))).map(([s, p, r]) => mutate(s, p, r));
  return fc.oneof(mutated, fc.jsonValue(), fc.anything());
}

describe('fuzzing', () => {
  it('when thousands of random and mutated alert bodies are posted, then the webhook never answers 5xx', async () => {
    const h = buildAlertHarness([buildLinkState()]);
    await fc.assert(
      fc.asyncProperty(alertLike(), async (body) => {
        let text: string;
        try {
          text = JSON.stringify(body) ?? 'null';
        } catch {
          text = String(body);
        }
        const response = await h.post(text);
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('when raw strings are posted as JSON, then the webhook never answers 5xx', async () => {
    const h = buildAlertHarness([buildLinkState()]);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        expect((await h.post(text)).status).toBeLessThan(500);
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 15_000 },
    );
  });

  it('when random values are parsed as queue messages, then the parser returns a request or throws REQUEST.INVALID, nothing else', () => {
    const requestLike = fc.record(
      {
        v: fc.oneof(fc.constant(1), fc.jsonValue()),
        requestId: fc.oneof(fc.string(), fc.jsonValue()),
        kind: fc.oneof(fc.constantFrom('remediate', 'postcheck'), fc.jsonValue()),
        linkId: fc.oneof(fc.constant(gatewayId()), fc.string(), fc.jsonValue()),
        source: fc.oneof(fc.constantFrom('poller', 'alert', 'operator', 'postcheck'), fc.jsonValue()),
        requestedAt: fc.oneof(fc.constant('2025-04-15T12:00:00Z'), fc.string(), fc.jsonValue()),
        dryRun: fc.oneof(fc.boolean(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(requestLike, fc.anything()), (value) => {
        try {
          const parsed = parseRemediationRequest(value);
          expect(parsed.v).toBe(1);
        } catch (error) {
          expect(error).toBeInstanceOf(TunnelwatchError);
          expect((error as TunnelwatchError).code).toBe('REQUEST.INVALID');
        }
      }),
      { numRuns: 5000, interruptAfterTimeLimit: 15_000 },
    );
  });
});
