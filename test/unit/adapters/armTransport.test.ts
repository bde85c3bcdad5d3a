import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArmFleetReader, classicTarget } from '../../../src/adapters/arm/armFleetReader';
import { createArmTransport } from '../../../src/adapters/arm/armTransport';
import { formatCycleStatus } from '../../../src/app/monitoring/formatCycleStatus';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { parseScopes } from '../../../src/core/scope';
import { buildMonitoringDeps } from '../../support/monitoringFakes';
import { testTokenCredential } from '../../support/simulatorClient';
import { startArmTestServer, type ArmTestServer } from './armTestServer';

const SUB = '00000000-0000-0000-0000-0000000000aa';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-vpn`;
const SECRET = 'TopSecretPsk-9f3b';
const TOKEN = 'simulator-test-token';

let arm: ArmTestServer;
let elsewhere: ArmTestServer;

beforeAll(async () => {
  arm = await startArmTestServer();
  // Same certificate, another port: another origin the client would trust, so a leaked token would arrive here.
  elsewhere = await startArmTestServer(arm.certificate);
  elsewhere.answer(() => ({ status: 200, body: { value: [] } }));
});
afterAll(() => Promise.all([arm.close(), elsewhere.close()]));
afterEach(() => {
  arm.requests.length = 0;
  elsewhere.requests.length = 0;
});

function transport() {
  return createArmTransport({ endpoint: arm.url, credential: testTokenCredential, caPem: arm.certificate.certPem, concurrency: 2, maxRetries: 0 });
}

const connection = (name: string) => ({ id: `${RG}/providers/Microsoft.Network/connections/${name}`, name, properties: { connectionType: 'IPsec', connectionStatus: 'Connected' } });

describe('ARM lists stay on ARM\'s origin', () => {
  it('when a raw list page names a nextLink on another origin, then the list fails ARM.BAD_RESPONSE and the token never leaves', async () => {
    arm.answer(() => ({ status: 200, body: { value: [connection('c1')], nextLink: `${elsewhere.url}/subscriptions/${SUB}/resourceGroups/rg-vpn/providers/Microsoft.Network/connections?api-version=2026-01-01&$skiptoken=1` } }));
    const read = transport().rawList('VirtualNetworkGatewayConnections_List', SUB, `${RG}/providers/Microsoft.Network/connections`, '2026-01-01');
    await expect(read).rejects.toMatchObject({ code: 'ARM.BAD_RESPONSE' });
    expect(arm.requests.map((r) => r.authorization)).toEqual([`Bearer ${TOKEN}`]);
    expect(elsewhere.requests).toEqual([]);
  });

  it('when the SDK pager meets a nextLink on another origin, then discovery fails ARM.BAD_RESPONSE instead of sending the token there', async () => {
    arm.answer(() => ({ status: 200, body: { value: [], nextLink: `${elsewhere.url}/subscriptions/${SUB}/resourceGroups/rg-vpn/providers/Microsoft.Network/vpnGateways?api-version=2026-01-01&$skiptoken=1` } }));
    const reader = createArmFleetReader(transport(), { concurrency: 2 });
    const found = await reader.discover(parseScopes([RG]));
    expect(found.failures).toEqual([expect.objectContaining({ gatewayId: RG.toLowerCase(), code: 'ARM.BAD_RESPONSE' })]);
    expect(found.targets).toEqual([]);
    expect(arm.requests).toHaveLength(1);
    expect(elsewhere.requests).toEqual([]);
  });

  it('when nextLink stays on ARM\'s origin (host in another case), then every page is read', async () => {
    arm.answer((r) =>
      r.url.includes('skiptoken')
        ? { status: 200, body: { value: [connection('c2')] } }
        : { status: 200, body: { value: [connection('c1')], nextLink: `${arm.url.toUpperCase().replace('HTTPS', 'https')}${RG}/providers/Microsoft.Network/connections?api-version=2026-01-01&$skiptoken=1` } },
    );
    const items = await transport().rawList('VirtualNetworkGatewayConnections_List', SUB, `${RG}/providers/Microsoft.Network/connections`, '2026-01-01');
    expect(items).toHaveLength(2);
    expect(arm.requests).toHaveLength(2);
  });
});

describe('a list body that does not parse', () => {
  const truncated = `{"value":[{"id":"${RG}/providers/Microsoft.Network/connections/c1","properties":{"sharedKey":"${SECRET}","connectionStatus":"Conn`;

  it.each([
    ['declared JSON', 'application/json; charset=utf-8'],
    ['declared as text', 'text/plain'],
  ])('when a raw list page is malformed (%s), then it fails ARM.BAD_RESPONSE with no part of the body', async (_label, contentType) => {
    arm.answer(() => ({ status: 200, body: truncated, contentType }));
    const read = transport().rawList('VirtualNetworkGatewayConnections_List', SUB, `${RG}/providers/Microsoft.Network/connections`, '2026-01-01');
    const error = await read.then(() => undefined, (e: unknown) => e as Error & { code?: string });
    expect(error?.code).toBe('ARM.BAD_RESPONSE');
    expect(error?.message).not.toContain(SECRET);
    expect(error?.message).not.toContain('sharedKey');
  });

  it('when a poll cycle reads such a page, then the poll-run row, the summary, the log line and the telemetry carry the code and never the sharedKey', async () => {
    arm.answer((r) => (r.url.includes('/vpnGateways') ? { status: 200, body: { value: [] } } : { status: 200, body: truncated }));
    const reader = createArmFleetReader(transport(), { concurrency: 2 });
    const events: Array<[string, Readonly<Record<string, string>> | undefined]> = [];
    const { deps } = buildMonitoringDeps(Date.parse('2026-01-05T10:00:00Z'), {
      fleet: reader,
      settings: { ...buildMonitoringDeps(0).deps.settings, scopes: parseScopes([RG]) },
      telemetry: { event: (name, props) => void events.push([name, props]), metric: () => undefined, flush: () => Promise.resolve() },
    });
    const summary = await runPollCycle(deps);
    const rows = await deps.pollRuns.recent(0, Date.parse('2027-01-01T00:00:00Z'));
    expect(rows.flatMap((r) => r.failures)).toEqual([expect.objectContaining({ gatewayId: classicTarget(SUB, 'rg-vpn').id, code: 'ARM.BAD_RESPONSE' })]);
    const logLine = formatCycleStatus(summary);
    expect(logLine).toContain('ARM.BAD_RESPONSE');
    expect(JSON.stringify({ rows, summary, events, logLine })).not.toMatch(new RegExp(`${SECRET}|sharedKey`));
  });
});
