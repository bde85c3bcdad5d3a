import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePollShardMessage } from '../../src/app/monitoring/pollShard';
import { TunnelwatchError } from '../../src/core/errors';
import { parseRemediationRequest } from '../../src/core/remediation/remediationRequest';
import { readToken } from '../../src/app/queries/keysetPage';
import { encodeContinuationToken } from '../../src/core/queries/continuationToken';
import { QUERY_LIMITS } from '../../src/core/queries/queryLimits';
import { sign } from '../unit/queries/builders';
import { mutated, nastyValue } from './fuzzKit';

const VALID_REQUEST = {
  v: 1,
  requestId: 'req-1',
  kind: 'remediate',
  linkId:
    '/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw/vpnConnections/c/vpnLinkConnections/l',
  source: 'poller',
  incidentId: 'inc-1',
  requestedAt: '2026-03-02T08:00:00.000Z',
  claimedBy: 'alice@example.com',
};
const VALID_SHARD = {
  v: 1,
  cycleId: '1772438400000',
  shard: 0,
  targets: [
    {
      kind: 'vpnGateway',
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw',
      subscriptionId: 's',
      resourceGroup: 'rg',
    },
  ],
};

/** A parser may accept or refuse; refusing must be REQUEST.INVALID (the host then poisons the message), never a crash. */
function acceptsOrRefusesCleanly(parse: (body: unknown) => unknown, body: unknown): void {
  try {
    const parsed = parse(body);
    expect(typeof parsed).toBe('object');
  } catch (error) {
    expect(error).toBeInstanceOf(TunnelwatchError);
    expect((error as TunnelwatchError).code).toBe('REQUEST.INVALID');
  }
}

describe.each([
  ['parseRemediationRequest', parseRemediationRequest, VALID_REQUEST],
  ['parsePollShardMessage', parsePollShardMessage, VALID_SHARD],
] as const)('the %s queue message parser', (_name, parse, valid) => {
  it('accepts the valid message it documents', () => {
    expect(() => parse(structuredClone(valid))).not.toThrow();
  });

  it('refuses arbitrary JSON and nasty values with REQUEST.INVALID, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), nastyValue), (body) =>
        acceptsOrRefusesCleanly(parse, body),
      ),
      { numRuns: 6000, seed: 7 },
    );
  });

  it('handles mutations of a valid message (fields removed, replaced, added)', () => {
    fc.assert(
      fc.property(mutated(valid), (body) => acceptsOrRefusesCleanly(parse, body)),
      { numRuns: 6000, seed: 11 },
    );
  });

  it('handles the raw text a queue may deliver (not JSON, truncated JSON)', () => {
    const text = JSON.stringify(valid);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat(text.length).map((n) => text.slice(0, n)),
        ),
        (raw) => acceptsOrRefusesCleanly(parse, raw),
      ),
      { numRuns: 2000, seed: 13 },
    );
  });
});

describe('continuation tokens validly signed over arbitrary windows (a leaked or derived key)', () => {
  it('are refused with REQUEST.INVALID or stay within the query bound, whatever window they claim', () => {
    const instant = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms).toISOString());
    const position = fc.record({
      f: fc.oneof(instant, fc.string()),
      w: fc.oneof(instant, fc.string()),
      t: fc.string({ maxLength: 20 }),
    });
    fc.assert(
      fc.property(
        position,
        fc.constantFrom(
          ...Object.values(QUERY_LIMITS).flatMap((l) => ('maxWindowMs' in l ? [l.maxWindowMs] : [])),
        ),
        (p, maxMs) => {
          const token = encodeContinuationToken(p, 'scope', sign);
          try {
            const { window } = readToken(
              { from: 'x', to: 'y', continuationToken: token },
              'scope',
              sign,
              maxMs,
            );
            expect(Date.parse(window.to) - Date.parse(window.from)).toBeLessThanOrEqual(maxMs);
          } catch (error) {
            expect((error as TunnelwatchError).code).toBe('REQUEST.INVALID');
          }
        },
      ),
      { numRuns: 4000, seed: 17 },
    );
  });
});
