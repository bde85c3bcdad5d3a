import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator';
import { manualClock, rawRequest } from './simHttp';

const REFERENCE = path.resolve(__dirname, '../../../shared/reference/arm');
const NETWORK = 'providers/Microsoft.Network';

interface Example {
  parameters: Record<string, string>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

type Request = { method: 'GET' | 'POST'; path: (p: Record<string, string>) => string };
const group = (p: Record<string, string>): string => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/${NETWORK}`;
const gateway = (p: Record<string, string>): string => `${group(p)}/vpnGateways/${p.gatewayName}`;
const link = (p: Record<string, string>): string => `${gateway(p)}/vpnConnections/${p.connectionName}/vpnLinkConnections/${p.linkConnectionName}`;
const classic = (p: Record<string, string>): string => `${group(p)}/connections/${p.virtualNetworkGatewayConnectionName}`;

/** Each official example replayed as the same request (same path parameters) against a fleet with those names. */
const REQUESTS: Record<string, Request> = {
  'VirtualNetworkGatewayConnectionGet.json': { method: 'GET', path: classic },
  'VirtualNetworkGatewayConnectionGetIkeSas.json': { method: 'POST', path: (p) => `${classic(p)}/getikesas` },
  'VirtualNetworkGatewayConnectionReset.json': { method: 'POST', path: (p) => `${classic(p)}/resetconnection` },
  'VirtualNetworkGatewayConnectionsList.json': { method: 'GET', path: (p) => `${group(p)}/connections` },
  'VirtualNetworkGatewaysListConnections.json': { method: 'GET', path: (p) => `${group(p)}/virtualNetworkGateways/${p.virtualNetworkGatewayName}/connections` },
  'VpnConnectionGet.json': { method: 'GET', path: (p) => `${gateway(p)}/vpnConnections/${p.connectionName}` },
  'VpnConnectionList.json': { method: 'GET', path: (p) => `${gateway(p)}/vpnConnections` },
  'VpnGatewayGet.json': { method: 'GET', path: gateway },
  'VpnGatewayList.json': { method: 'GET', path: (p) => `/subscriptions/${p.subscriptionId}/${NETWORK}/vpnGateways` },
  'VpnGatewayListByResourceGroup.json': { method: 'GET', path: (p) => `${group(p)}/vpnGateways` },
  'VpnSiteLinkConnectionGet.json': { method: 'GET', path: link },
  'VpnSiteLinkConnectionGetIkeSas.json': { method: 'POST', path: (p) => `${link(p)}/getikesas` },
  'VpnSiteLinkConnectionList.json': { method: 'GET', path: (p) => `${gateway(p)}/vpnConnections/${p.connectionName}/vpnLinkConnections` },
  'VpnSiteLinkConnectionReset.json': { method: 'POST', path: (p) => `${link(p)}/resetconnection` },
};
/** VpnGateways_Reset resets a whole gateway; tunnelwatch never calls it, so the simulator does not either. */
const NOT_SIMULATED = ['VpnGatewayReset.json'];

const jsonType = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Every field of `example` must exist in `actual` with the same JSON type; each example array item must match some actual item. */
function shapeMismatches(example: unknown, actual: unknown, at = '$'): string[] {
  if (example === null) return [];
  if (jsonType(example) !== jsonType(actual)) return [`${at}: expected ${jsonType(example)}, got ${jsonType(actual)}`];
  if (Array.isArray(example)) {
    const items = actual as unknown[];
    return example.flatMap((item, i) => {
      if (items.length === 0) return [`${at}[${i}]: actual array is empty`];
      const attempts = items.map((candidate) => shapeMismatches(item, candidate, `${at}[${i}]`));
      return attempts.find((problems) => problems.length === 0) ?? attempts.reduce((a, b) => (a.length <= b.length ? a : b));
    });
  }
  if (typeof example !== 'object') return [];
  const record = actual as Record<string, unknown>;
  return Object.entries(example as Record<string, unknown>).flatMap(([key, value]) =>
    key in record ? shapeMismatches(value, record[key], `${at}.${key}`) : [`${at}.${key}: missing`],
  );
}

describe('responses have the shape of the official examples', () => {
  const clock = manualClock();
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: 'examples', pageSize: 100, lroDurationMs: 1000, now: clock.now });
  });
  afterAll(() => sim.stop());

  it('covers every example file in the reference folder', () => {
    const files = readdirSync(REFERENCE).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual([...Object.keys(REQUESTS), ...NOT_SIMULATED].sort());
  });

  it.each(Object.entries(REQUESTS))('%s', async (file, request) => {
    const example = JSON.parse(readFileSync(path.join(REFERENCE, file), 'utf8')) as Example;
    const url = `${request.path(example.parameters)}?api-version=${example.parameters['api-version']}`;
    const first = await rawRequest(sim, request.method, url);
    if (request.method === 'GET') {
      expect(first.status).toBe(200);
      const body = example.responses['200']!.body;
      const actual = Array.isArray(body) ? first.json().value : first.json();
      expect(shapeMismatches(body, actual)).toEqual([]);
      return;
    }
    expect(first.status).toBe(202);
    for (const header of Object.keys(example.responses['202']!.headers ?? {})) {
      expect(first.headers[header.toLowerCase()], header).toMatch(/^https:\/\//);
    }
    const expected200 = example.responses['200'];
    if (!expected200) return;
    clock.advance(1000);
    const done = await rawRequest(sim, 'GET', first.headers.location!);
    expect(done.status).toBe(200);
    expect(shapeMismatches(expected200.body, done.json())).toEqual([]);
  });

  it('the comparison itself notices a missing field, a wrong type and an empty array', () => {
    expect(shapeMismatches({ a: 1, b: [{ c: 'x' }], d: 'y' }, { a: '1', b: [], e: 1 })).toEqual([
      '$.a: expected number, got string',
      '$.b[0]: actual array is empty',
      '$.d: missing',
    ]);
  });
});
