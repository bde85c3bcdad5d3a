import { describe, expect, it } from 'vitest';
import { ARM_OPERATIONS } from '../../src/adapters/arm/armOperations';
import { ARM_ROUTES, fleetNames, generateFleet, parseFleetSpec, SHARED_KEY_PREFIX } from '../../src/simulator';

const NOW = Date.UTC(2026, 0, 1);
const shapeOf = (spec: string, seed = 1): unknown =>
  generateFleet({ spec, seed }, NOW)
    .tunnels()
    .map((owner) => [owner.id, owner.kind === 'vwan' ? owner.mode : owner.connectionType]);

describe('the fleet generator', () => {
  it('when given 2x10x5x2, then it builds 200 vWAN links, 2 classic connections per subscription and one ExpressRoute each', () => {
    const fleet = generateFleet({ spec: '2x10x5x2' }, NOW);
    const kinds = fleet.tunnels().map((owner) => (owner.kind === 'vwan' ? 'vwan' : owner.connectionType));
    expect(kinds.filter((k) => k === 'vwan')).toHaveLength(200);
    expect(kinds.filter((k) => k === 'IPsec')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'Vnet2Vnet')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'ExpressRoute')).toHaveLength(2);
    expect(fleet.subscriptionIds()).toEqual([fleetNames.subscriptionId(0), fleetNames.subscriptionId(1)]);
  });

  it('when generated twice with one seed, then the shape is identical; another seed changes it', () => {
    expect(shapeOf('1x5x4x2', 3)).toEqual(shapeOf('1x5x4x2', 3));
    expect(shapeOf('1x5x4x2', 3)).not.toEqual(shapeOf('1x5x4x2', 4));
  });

  it('names resources predictably', () => {
    const fleet = generateFleet({ spec: '1x12x2x2' }, NOW);
    const sub = fleetNames.subscriptionId(0);
    const link = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-011/vpnConnections/conn-00-011-01/VpnSiteLinkConnections/link-00-011-01-1`;
    expect(fleet.get(link, 'vwan')?.siteLinkId).toMatch(/vpnSites\/site-00-011-01\/vpnSiteLinks\/sitelink-1$/);
    expect(fleet.get(link.toUpperCase(), 'vwan')?.id).toBe(link);
    const classic = fleet.classicInGroup(sub, 'rg-00-classic').map((c) => c.name);
    expect(classic).toEqual(['vnetconn-00-00', 'vnetconn-00-01', 'vnetconn-00-02', 'er-00']);
  });

  it('when a responderOnly share is given, then about that share of links is ResponderOnly', () => {
    const modes = generateFleet({ spec: '1x20x10x2', responderOnlyShare: 0.25 }, NOW)
      .tunnels()
      .flatMap((owner) => (owner.kind === 'vwan' ? [owner.mode] : []));
    const share = modes.filter((m) => m === 'ResponderOnly').length / modes.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.35);
  });

  it('when tags are configured by id, then the VPN site, the gateway and the classic connection carry them', () => {
    const sub = fleetNames.subscriptionId(0);
    const group = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network`;
    const site = `${group}/vpnSites/site-00-000-00`;
    const gateway = `${group}/vpnGateways/vpngw-00-000`;
    const classic = `/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/Microsoft.Network/connections/vnetconn-00-00`;
    const fleet = generateFleet(
      { spec: '1x1x1x1', tags: { [site.toUpperCase()]: { 'tunnelwatch-threshold-minutes': '10' }, [gateway]: { 'tunnelwatch-remediate': 'true' }, [classic]: { 'tunnelwatch-remediate': 'false' } } },
      NOW,
    );
    expect(fleet.get(site, 'vpnSite')?.tags).toEqual({ 'tunnelwatch-threshold-minutes': '10' });
    expect(fleet.get(`${gateway}/vpnConnections/conn-00-000-00`, 'vpnConnection')?.site).toBe(fleet.get(site, 'vpnSite'));
    expect(fleet.get(gateway, 'vpnGateway')?.tags).toEqual({ 'tunnelwatch-remediate': 'true' });
    expect(fleet.get(classic, 'classic')?.tags).toEqual({ 'tunnelwatch-remediate': 'false' });
    expect(fleet.genericResources(sub, 'Microsoft.Network/vpnSites').map((r) => r.resource.id)).toEqual([site]);
  });

  it('when tags are configured for a VPN connection, then the fleet is refused: ARM cannot tag a child resource', () => {
    const connection = `/subscriptions/${fleetNames.subscriptionId(0)}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000/vpnConnections/conn-00-000-00`;
    expect(() => generateFleet({ spec: '1x1x1x1', tags: { [connection]: { 'tunnelwatch-remediate': 'false' } } }, NOW)).toThrow(/child resources and carry no tags/);
  });

  it('gives every PSK tunnel a recognisable shared key and ExpressRoute none', () => {
    const owners = generateFleet({ spec: '1x2x1x2' }, NOW).tunnels();
    for (const owner of owners) {
      if (owner.kind === 'classic' && owner.connectionType === 'ExpressRoute') expect(owner.sharedKey).toBeUndefined();
      else expect(owner.sharedKey?.startsWith(SHARED_KEY_PREFIX)).toBe(true);
    }
  });

  it.each(['', '2x10', '0x1x1x1', 'axbxcxd', '1x1x1x10001'])('when the spec is %j, then it is refused', (spec) => {
    expect(() => parseFleetSpec(spec)).toThrow(/fleet spec/);
  });
});

describe('the simulated operations', () => {
  it('are exactly the operations the ARM adapter may call', () => {
    expect([...new Set(ARM_ROUTES.map((route) => route.operation))].sort()).toEqual(Object.keys(ARM_OPERATIONS).sort());
  });
});
