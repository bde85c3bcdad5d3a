import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePollShardMessage } from '../../src/app/monitoring/pollShard';
import { TunnelwatchError } from '../../src/core/errors';
import { parseRemediationRequest } from '../../src/core/remediationRequest';
import { mutated, nastyValue } from './fuzzKit';

const VALID_REQUEST = {
  v: 1,
  requestId: 'req-1',
  kind: 'remediate',
  linkId: '/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw/vpnConnections/c/vpnLinkConnections/l',
  source: 'poller',
  incidentId: 'inc-1',
  requestedAt: '2026-03-02T08:00:00.000Z',
};
const VALID_SHARD = {
  v: 1,
  cycleId: '1772438400000',
  shard: 0,
  targets: [{ kind: 'vpnGateway', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw', subscriptionId: 's', resourceGroup: 'rg' }],
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
    fc.assert(fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), nastyValue), (body) => acceptsOrRefusesCleanly(parse, body)), { numRuns: 6000, seed: 7 });
  });

  it('handles mutations of a valid message (fields removed, replaced, added)', () => {
    fc.assert(fc.property(mutated(valid), (body) => acceptsOrRefusesCleanly(parse, body)), { numRuns: 6000, seed: 11 });
  });

  it('handles the raw text a queue may deliver (not JSON, truncated JSON)', () => {
    const text = JSON.stringify(valid);
    fc.assert(fc.property(fc.oneof(fc.string(), fc.nat(text.length).map((n) => text.slice(0, n))), (raw) => acceptsOrRefusesCleanly(parse, raw)), { numRuns: 2000, seed: 13 });
  });
});
