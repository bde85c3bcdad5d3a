import { describe, expect, it } from 'vitest';
import { normalizeArmId } from '../../../src/core/ids/armId';
import { projectClassicConnection, projectVwanConnection } from '../../../src/core/snapshot/projectLink';
import { siteLinkAddresses, vpnGatewayPublicIps } from '../../../src/core/peers/tunnelAddresses';

const GATEWAY = '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/vpnGateways/gateway1';
const SITE = '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/vpnSites/vpnSite1';

describe('tunnel end addresses', () => {
  it('reads a vWAN gateway\'s instance public IPs (VpnGatewayIPConfiguration), none when the body has no ipConfigurations', () => {
    const body = { id: GATEWAY, properties: { ipConfigurations: [{ id: 'Instance0', publicIpAddress: '192.0.2.10', privateIpAddress: '10.0.0.4' }, { id: 'Instance1', publicIpAddress: '192.0.2.11' }] } };
    expect(vpnGatewayPublicIps(body)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(vpnGatewayPublicIps({ id: GATEWAY, type: 'Microsoft.Network/vpnGateways' })).toBeUndefined();
    expect(vpnGatewayPublicIps({ properties: { ipConfigurations: [{ id: 'Instance0', publicIpAddress: 'x'.repeat(100) }, { publicIpAddress: 'not an ip' }] } })).toBeUndefined();
  });

  it('reads every VPN site link\'s ipAddress by link id; a link known only by fqdn has none', () => {
    const sites = [
      { id: SITE, properties: { vpnSiteLinks: [{ id: `${SITE}/vpnSiteLinks/link1`, properties: { ipAddress: '203.0.113.20' } }, { id: `${SITE}/vpnSiteLinks/link2`, properties: { fqdn: 'branch.example.com' } }] } },
      { id: `${SITE}-2` },
    ];
    const addresses = siteLinkAddresses(sites);
    expect([...addresses]).toEqual([[normalizeArmId(`${SITE}/vpnSiteLinks/link1`), '203.0.113.20']]);
  });

  it('gives a vWAN link its gateway\'s addresses as local and its site link\'s as remote', () => {
    const connection = {
      id: `${GATEWAY}/vpnConnections/c`,
      properties: { remoteVpnSite: { id: SITE }, vpnLinkConnections: [{ id: `${GATEWAY}/vpnConnections/c/vpnSiteLinkConnections/l`, properties: { vpnSiteLink: { id: `${SITE}/vpnSiteLinks/LINK1` } } }] },
    };
    const gateway = { id: GATEWAY, addresses: ['192.0.2.10', '192.0.2.11'], siteLinkAddresses: new Map([[normalizeArmId(`${SITE}/vpnSiteLinks/link1`), '203.0.113.20']]) };
    expect(projectVwanConnection(connection, gateway)[0]?.topology).toMatchObject({ localAddresses: ['192.0.2.10', '192.0.2.11'], remoteAddress: '203.0.113.20' });
    expect(projectVwanConnection(connection, { id: GATEWAY })[0]?.topology).not.toHaveProperty('remoteAddress');
  });

  it('gives a classic connection a remote address only when its body embeds the local network gateway\'s gatewayIpAddress', () => {
    const classic = (localNetworkGateway2: unknown) => ({
      id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/connections/c1',
      properties: { virtualNetworkGateway1: { id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworkGateways/vng' }, localNetworkGateway2 },
    });
    expect(projectClassicConnection(classic({ id: 'lng', properties: { gatewayIpAddress: '198.51.100.7' } }))?.topology.remoteAddress).toBe('198.51.100.7');
    expect(projectClassicConnection(classic({ id: 'lng', properties: {} }))?.topology).not.toHaveProperty('remoteAddress');
  });
});
