/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { GUARDS } from '../../../src/core/remediation/remediationGuards';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { resetLinkHandler } from '../../../src/functions/resetLink';
import { buildLinkState, buildSnapshot, linkId } from '../../support/builders';
import { FakeNetwork } from './support/fakeNetwork';
import { buildHarness } from './support/remediationHarness';

async function post(
  h: ReturnType<typeof buildHarness>,
  key: string,
  query: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const handler = resetLinkHandler(() => Promise.resolve(h.deps));
  const request = new HttpRequest({
    method: 'POST',
    url: `http://127.0.0.1/api/links/${key}/reset`,
    params: { key },
    query,
    headers: { 'x-ms-client-principal-name': 'alice@example.com' },
  });
  const response = await handler(request, new InvocationContext({ functionName: 'resetLink' }));
  return { status: response.status ?? 200, body: response.jsonBody };
}

describe('POST /api/links/{key}/reset', () => {
  const setup = (appServiceAuth = true) =>
    buildHarness({
      network: new FakeNetwork([buildSnapshot()]),
      states: [buildLinkState()],
      settings: { appServiceAuth },
    });

  it('when an operator asks for a dry run, then the decision comes back with every guard and nothing is reset or queued', async () => {
    const h = setup();
    const response = await post(h, linkKeyFromId(linkId()), { dryRun: 'true' });
    expect(response.status).toBe(200);
    expect(response.body.decision).toMatchObject({ action: 'skip', reason: 'dry-run' });
    expect(response.body.decision.guards).toHaveLength(GUARDS.length);
    expect(h.network.totalResets()).toBe(0);
    expect(h.queue.sent).toHaveLength(0);
    expect(h.audit.entries[0]).toMatchObject({
      source: 'operator',
      actor: 'alice@example.com',
      step: 'dry-run',
    });
  });

  it('when App Service authentication is off, then the principal header and ?requestedBy= are recorded as a claim, never as the actor', async () => {
    const h = setup(false);
    expect((await post(h, linkKeyFromId(linkId()), { dryRun: 'true' })).status).toBe(200);
    expect(h.audit.entries[0]).toMatchObject({
      source: 'operator',
      actor: 'operator (function key)',
      claimedBy: 'alice@example.com',
    });
    expect((await post(h, linkKeyFromId(linkId()), { requestedBy: 'mallory' })).status).toBe(202);
    expect(h.queue.sent[0]!.request).toMatchObject({
      requestedBy: 'operator (function key)',
      claimedBy: 'alice@example.com',
    });
  });

  it('when the claimed operator name is longer than 200 characters, then the answer is 400 and nothing is queued', async () => {
    const h = setup(false);
    const response = await post(h, linkKeyFromId(linkId()), { requestedBy: 'm'.repeat(40_000) });
    expect([response.status, response.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
    expect(h.queue.sent).toHaveLength(0);
  });

  it('when an operator asks for a reset, then a request is queued for the guarded actuator (202)', async () => {
    const h = setup();
    const response = await post(h, linkKeyFromId(linkId()));
    expect(response.status).toBe(202);
    expect(h.queue.sent.map((m) => m.request)).toEqual([
      expect.objectContaining({ source: 'operator', requestedBy: 'alice@example.com', linkId: linkId() }),
    ]);
    expect(h.network.totalResets()).toBe(0);
  });

  it('when an operator names the link gateway/connection/link (slashes percent-encoded), then that link is queued', async () => {
    const h = setup();
    const response = await post(h, 'GW1%2Fconn1%2Flink1');
    expect(response.status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual([linkId()]);
  });

  const OUTSIDE =
    '/subscriptions/elsewhere/resourceGroups/r/providers/Microsoft.Network/vpnGateways/gw9/vpnConnections/c/vpnLinkConnections/l';
  const withStates =
    (...ids: string[]) =>
    () =>
      buildHarness({
        network: new FakeNetwork([buildSnapshot()]),
        states: [
          buildLinkState(),
          ...ids.map((id) => buildLinkState({ id, resourceGroup: id.split('/')[4]! })),
        ],
      });
  it.each([
    ['a key that is not a link key', setup, 'not*a*key', {}, 404, 'LINK.NOT_FOUND'],
    [
      'a well-formed key of a link not in link state',
      setup,
      linkKeyFromId(linkId('gw1', 'conn1', 'other')),
      {},
      404,
      'LINK.NOT_FOUND',
    ],
    ['a link outside the scopes', withStates(OUTSIDE), linkKeyFromId(OUTSIDE), {}, 403, 'LINK.OUT_OF_SCOPE'],
    [
      'a name two resource groups share',
      withStates(linkId().replace('rg-vpn', 'rg-two')),
      'gw1/conn1/link1',
      {},
      400,
      'LINK.AMBIGUOUS',
    ],
    ['dryRun=maybe', setup, linkKeyFromId(linkId()), { dryRun: 'maybe' }, 400, 'REQUEST.INVALID'],
  ])(
    'when the request names %s, then it is refused with %s',
    async (_name, harness, key, query, status, code) => {
      const response = await post(harness(), key, query);
      expect([response.status, response.body.error.code]).toEqual([status, code]);
    },
  );

  it('when a name is ambiguous, then the 400 lists every candidate with its resource group', async () => {
    const response = await post(withStates(linkId().replace('rg-vpn', 'rg-two'))(), 'gw1/conn1/link1');
    expect(response.body.error.candidates.map((c: { name: string }) => c.name).sort()).toEqual([
      'rg-two/gw1/conn1/link1',
      'rg-vpn/gw1/conn1/link1',
    ]);
    expect(
      (await post(withStates(linkId().replace('rg-vpn', 'rg-two'))(), 'rg-two%2Fgw1%2Fconn1%2Flink1')).status,
    ).toBe(202);
  });
});
