import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { generateFleet } from '../../src/simulator/generateFleet';
import { simGatewayPublicIps, simSiteLinkAddress } from '../../src/simulator/simAddresses';
import { matchPeers } from '../../src/core/peers/matchPeers';
import { createSimulatorNetworkClient } from '../support/simulatorClient';
import { API, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
type Site = { id: string; type: string; properties: { vpnSiteLinks: Array<{ id: string; type: string; properties: { ipAddress: string } }> } };

describe('tunnel end addresses in the simulator', () => {
  let sim: SimulatorHandle;
  let client: NetworkManagementClient;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x2x2', pageSize: 1 });
    client = createSimulatorNetworkClient(sim, sub);
  });
  afterAll(() => sim.stop());

  it('VpnGateways_Get carries ipConfigurations Instance0/Instance1 with their public IPs, as the REST spec shapes them', async () => {
    const gateway = await client.vpnGateways.get('rg-00', 'vpngw-00-000');
    expect(gateway.ipConfigurations).toEqual(simGatewayPublicIps(gateway.id!).map((publicIpAddress, i) => ({ id: `Instance${i}`, publicIpAddress, privateIpAddress: expect.any(String) })));
  });

  it('VpnSites_List pages through the sites, each with the site links its connections dial and their ipAddress', async () => {
    sim.resetCalls();
    const first = (await rawRequest(sim, 'GET', `/subscriptions/${sub}/providers/Microsoft.Network/vpnSites?${API}`)).json<{ value: Site[]; nextLink?: string }>();
    expect(first.value).toHaveLength(1);
    expect(first.nextLink).toBeDefined();
    const sites = [...first.value];
    for (let next = first.nextLink; next !== undefined; ) {
      const page = (await rawRequest(sim, 'GET', next)).json<{ value: Site[]; nextLink?: string }>();
      sites.push(...page.value);
      next = page.nextLink;
    }
    const links = sim.listLinks().filter((l) => l.kind === 'vwan').map((l) => sim.fleet.get(l.id, 'vwan')!);
    const siteLinks = sites.flatMap((s) => s.properties.vpnSiteLinks);
    expect(siteLinks.map((l) => l.id).sort()).toEqual([...new Set(links.map((l) => l.siteLinkId))].sort());
    for (const link of siteLinks) {
      expect(link).toMatchObject({ type: 'Microsoft.Network/vpnSites/vpnSiteLinks', properties: { ipAddress: simSiteLinkAddress(link.id) } });
    }
    expect(sim.calls().byOperation.VpnSites_List).toBe(sites.length);
  });

  it('when the caller may read VPN sites only in a resource group, then VpnSites_List of the subscription answers 403, as ARM does', async () => {
    await rawRequest(sim, 'PUT', '/_sim/rbac', { body: { assignments: [{ scope: `/subscriptions/${sub}/resourceGroups/rg-00`, actions: ['*'] }] }, authorization: null });
    try {
      const response = await rawRequest(sim, 'GET', `/subscriptions/${sub}/providers/Microsoft.Network/vpnSites?${API}`);
      expect([response.status, response.json<{ error: { code: string } }>().error.code]).toEqual([403, 'AuthorizationFailed']);
    } finally {
      await rawRequest(sim, 'DELETE', '/_sim/rbac', { authorization: null });
    }
  });

  it('when a fleet holds 10,000 links, then no two of them pair by chance: the simulated addresses are distinct enough', () => {
    const fleet = generateFleet({ spec: '10x100x10x1', seed: 1 }, Date.UTC(2026, 0, 1));
    const links = fleet.tunnels().flatMap((t) =>
      t.kind === 'vwan' ? [{ key: t.id, kind: t.kind, gatewayId: t.connection.gateway.id, localAddresses: simGatewayPublicIps(t.connection.gateway.id), remoteAddress: simSiteLinkAddress(t.siteLinkId) }] : [],
    );
    expect(links).toHaveLength(10_000);
    expect(matchPeers(links).size).toBe(0);
  });
});
