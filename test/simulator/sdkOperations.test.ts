import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createArmNetworkClient } from '../../src/adapters/arm/armNetworkClient';
import { createSimulatorNetworkClient, testTokenCredential } from '../support/simulatorClient';
import { API, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(1);
const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

describe('the real NetworkManagementClient against the simulator: reads', () => {
  let sim: SimulatorHandle;
  let client: NetworkManagementClient;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: { spec: '2x3x2x3', classicConnections: 3 }, pageSize: 2 });
    client = createSimulatorNetworkClient(sim, sub);
  });
  afterAll(() => sim.stop());

  it('VpnGateways_List pages through every gateway of the subscription, with link counters but no link status embedded', async () => {
    sim.resetCalls();
    const gateways = await collect(client.vpnGateways.list());
    expect(gateways.map((g) => g.name)).toEqual(['vpngw-01-000', 'vpngw-01-001', 'vpngw-01-002']);
    expect(sim.calls().byOperation.VpnGateways_List).toBe(2);
    const link = gateways[0]!.connections![0]!.vpnLinkConnections![0]!;
    expect(link.connectionStatus).toBeUndefined();
    expect(typeof link.ingressBytesTransferred).toBe('number');
  });

  it('VpnGateways_ListByResourceGroup and VpnGateways_Get find the same gateway', async () => {
    const inGroup = await collect(client.vpnGateways.listByResourceGroup('rg-01'));
    const one = await client.vpnGateways.get('rg-01', 'vpngw-01-002');
    expect(inGroup).toHaveLength(3);
    expect(one.id).toBe(inGroup[2]!.id);
    expect(one.location).toBe(inGroup[2]!.location);
  });

  it('VpnConnections_ListByVpnGateway and VpnConnections_Get return connections with their link connections', async () => {
    const connections = await collect(client.vpnConnections.listByVpnGateway('rg-01', 'vpngw-01-001'));
    expect(connections.map((c) => c.name)).toEqual(['conn-01-001-00', 'conn-01-001-01']);
    expect(connections[1]!.vpnLinkConnections?.map((l) => l.name)).toEqual(['link-01-001-01-0', 'link-01-001-01-1', 'link-01-001-01-2']);
    const one = await client.vpnConnections.get('rg-01', 'vpngw-01-001', 'conn-01-001-01');
    expect(one.remoteVpnSite?.id).toMatch(/vpnSites\/site-01-001-01$/);
  });

  it('VpnLinkConnections_ListByVpnConnection pages across two pages; VpnSiteLinkConnections_Get reads one link', async () => {
    sim.resetCalls();
    const links = await collect(
      client.vpnLinkConnections.listByVpnConnection('rg-01', 'vpngw-01-000', 'conn-01-000-01'),
    );
    expect(links.map((l) => l.name)).toEqual(['link-01-000-01-0', 'link-01-000-01-1', 'link-01-000-01-2']);
    expect(sim.calls().byOperation.VpnLinkConnections_ListByVpnConnection).toBe(2);
    const one = await client.vpnSiteLinkConnections.get(
      'rg-01',
      'vpngw-01-000',
      'conn-01-000-01',
      'link-01-000-01-2',
    );
    expect(one.id).toBe(links[2]!.id);
    expect(one.id).toContain('/VpnSiteLinkConnections/');
  });

  it('VirtualNetworkGatewayConnections_List / _Get and VirtualNetworkGateways_ListConnections read classic connections', async () => {
    const classic = await collect(client.virtualNetworkGatewayConnections.list('rg-01-classic'));
    expect(classic.map((c) => [c.name, c.connectionType])).toEqual([
      ['vnetconn-01-00', 'IPsec'],
      ['vnetconn-01-01', 'Vnet2Vnet'],
      ['vnetconn-01-02', 'IPsec'],
      ['er-01', 'ExpressRoute'],
    ]);
    const one = await client.virtualNetworkGatewayConnections.get('rg-01-classic', 'vnetconn-01-01');
    expect(one.connectionStatus).toBe('Connected');
    const onGateway = await collect(
      client.virtualNetworkGateways.listConnections('rg-01-classic', 'vnetgw-01-01'),
    );
    expect(onGateway.map((c) => c.name)).toEqual(['vnetconn-01-01']);
  });

  it('VirtualNetworkGateways_Get reads a classic gateway and its provisioningState; the adapter uses it for the gateway-updating guard', async () => {
    const gateway = await client.virtualNetworkGateways.get('rg-01-classic', 'vnetgw-01-01');
    expect([gateway.name, gateway.provisioningState]).toEqual(['vnetgw-01-01', 'Succeeded']);
    await expect(client.virtualNetworkGateways.get('rg-01-classic', 'no-such-gateway')).rejects.toMatchObject(
      { statusCode: 404 },
    );
    const arm = createArmNetworkClient({
      endpoint: sim.url,
      credential: testTokenCredential,
      caPem: sim.certPem,
      concurrency: 2,
      maxRetries: 0,
    });
    sim.resetCalls();
    expect(await arm.readGatewayProvisioningState(gateway.id!)).toBe('Succeeded');
    expect(sim.calls().byOperation.VirtualNetworkGateways_Get).toBe(1);
  });

  it('Resources_List finds the resource groups holding classic connections, paging with the filter kept in nextLink', async () => {
    const filter = encodeURIComponent("resourceType eq 'Microsoft.Network/connections'");
    const first = await rawRequest(sim, 'GET', `/subscriptions/${sub}/resources?$filter=${filter}&${API}`);
    const page1 = first.json<{
      value: Array<{ id: string; type: string; location: string }>;
      nextLink: string;
    }>();
    expect(page1.value.map((r) => r.type)).toEqual([
      'Microsoft.Network/connections',
      'Microsoft.Network/connections',
    ]);
    expect(page1.nextLink).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\$skiptoken=2$/);
    const page2 = (await rawRequest(sim, 'GET', page1.nextLink)).json<{
      value: Array<{ id: string }>;
      nextLink?: string;
    }>();
    expect(page2.value.map((r) => r.id.split('/')[4])).toEqual(['rg-01-classic', 'rg-01-classic']);
    expect(page2.nextLink).toBeUndefined();
    const gateways = await rawRequest(
      sim,
      'GET',
      `/subscriptions/${sub}/resources?$filter=${encodeURIComponent("resourceType eq 'Microsoft.Network/vpnGateways'")}&${API}&$skiptoken=2`,
    );
    expect(gateways.json().value).toEqual([
      expect.objectContaining({ name: 'vpngw-01-002', type: 'Microsoft.Network/vpnGateways' }),
    ]);
  });

  it('when a filter is unsupported, then Resources_List answers 400 in the ARM error shape', async () => {
    const response = await rawRequest(
      sim,
      'GET',
      `/subscriptions/${sub}/resources?$filter=${encodeURIComponent('tagName eq x')}&${API}`,
    );
    expect(response.status).toBe(400);
    expect(response.json().error.code).toBe('InvalidFilterInQueryString');
  });
});
