import { describe, expect, it } from 'vitest';
import { customerGatewayIps, huaweiTags, projectHuaweiConnection } from '../../../src/core/huawei/projectHuaweiConnection';
import { huaweiVpnGatewayInfos } from '../../../src/core/huawei/huaweiVpnGateways';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';

const ref = { region: 'ap-southeast-1', projectId: '0605767b5780d5762fc5c0118072a564' };
const scope = '/huawei/regions/ap-southeast-1/projects/0605767b5780d5762fc5c0118072a564';

/** The ResponseVpnConnection of Huawei's "Creating a VPN Connection" example (static routing), as a list item. */
function responseVpnConnection(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '98c5af8a-6ee2-4482-99a2-ae2280a6f4c3',
    name: 'vpn-b2cb',
    status: 'ACTIVE',
    vgw_id: 'b32d91a4-demo-a8df-va86-e907174eb11d',
    vgw_ip: '0c464dad-demo-a8df-va86-c22bb0eb0bde',
    style: 'STATIC',
    cgw_id: '5247ae10-demo-a8df-va86-dd36659a7f5d',
    peer_subnets: ['192.168.44.0/24'],
    tunnel_local_address: '169.254.56.225/30',
    tunnel_peer_address: '169.254.56.226/30',
    enable_nqa: false,
    psk: 'Hunter2-preshared-SECRET',
    ikepolicy: {
      ike_version: 'v2',
      authentication_algorithm: 'sha2-256',
      encryption_algorithm: 'aes-128',
      dh_group: 'group15',
      authentication_method: 'pre-share',
      lifetime_seconds: 86400,
      local_id_type: 'ip',
      local_id: '10.***.***.134',
      peer_id_type: 'ip',
      peer_id: '88.***.***.164',
      dpd: { timeout: 15, interval: 30, msg: 'seq-hash-notify' },
    },
    ipsecpolicy: { authentication_algorithm: 'sha2-256', encryption_algorithm: 'aes-128', pfs: 'group15', transform_protocol: 'esp', lifetime_seconds: 3600, encapsulation_mode: 'tunnel' },
    created_at: '2025-06-26T13:41:34.626Z',
    updated_at: '2025-06-26T13:41:34.626Z',
    enterprise_project_id: '0',
    ha_role: 'master',
    tags: [
      { key: 'tunnelwatch-remediate', value: 'false' },
      { key: 'tunnelwatch-threshold-minutes', value: '10' },
    ],
    ...overrides,
  };
}

const context = { ref, customerGatewayIps: new Map([['5247ae10-demo-a8df-va86-dd36659a7f5d', '203.0.113.7']]) };

describe('projectHuaweiConnection', () => {
  it('when the customer gateway and VPN gateway names are known, then the site and gatewayName are names and the ids stay', () => {
    const names = {
      customerGatewayNames: new Map([['5247ae10-demo-a8df-va86-dd36659a7f5d', 'branch-berlin']]),
      vpnGateways: new Map([['b32d91a4-demo-a8df-va86-e907174eb11d', { name: 'vpngw-prod', eips: new Map<string, string>() }]]),
    };
    const o = projectHuaweiConnection(responseVpnConnection({ ha_role: 'slave' }), { ...context, ...names })!;
    expect(o.topology).toMatchObject({ site: 'branch-berlin', gatewayName: 'vpngw-prod', haRole: 'slave', cgwId: '5247ae10-demo-a8df-va86-dd36659a7f5d', vgwId: 'b32d91a4-demo-a8df-va86-e907174eb11d' });
    expect(projectHuaweiConnection(responseVpnConnection({ ha_role: 'other' }), context)!.topology.haRole).toBeUndefined();
  });

  it('when a listed connection is ACTIVE, then it is a Connected huawei link with its topology and tags', () => {
    const o = projectHuaweiConnection(responseVpnConnection(), context)!;
    const id = `${scope}/vpnconnections/98c5af8a-6ee2-4482-99a2-ae2280a6f4c3`;
    expect(o.topology).toEqual({
      id,
      key: linkKeyFromId(id),
      kind: 'huawei',
      subscriptionId: ref.projectId,
      resourceGroup: 'ap-southeast-1',
      region: 'ap-southeast-1',
      projectId: ref.projectId,
      gateway: 'b32d91a4-demo-a8df-va86-e907174eb11d',
      gatewayId: `${scope}/vpngateways/b32d91a4-demo-a8df-va86-e907174eb11d`,
      connection: 'vpn-b2cb',
      connectionId: id,
      link: 'vpn-b2cb',
      site: '5247ae10-demo-a8df-va86-dd36659a7f5d',
      vgwId: 'b32d91a4-demo-a8df-va86-e907174eb11d',
      cgwId: '5247ae10-demo-a8df-va86-dd36659a7f5d',
      haRole: 'master',
      remoteAddress: '203.0.113.7',
    });
    expect(o.status).toBe('Connected');
    expect(o.providerStatus).toBe('ACTIVE');
    // Huawei reports no counters on a connection: unreported, so no rate is ever made up from them.
    expect(o.ingressBytes).toBeUndefined();
    expect(o.egressBytes).toBeUndefined();
    expect(o.configuration).toEqual({ protocol: 'IKEv2', bgp: false });
    expect(o.tags).toEqual({ 'tunnelwatch-remediate': 'false', 'tunnelwatch-threshold-minutes': '10' });
  });

  it('never carries the pre-shared key or any field outside the allow-list', () => {
    const text = JSON.stringify(projectHuaweiConnection(responseVpnConnection(), context));
    expect(text).not.toContain('Hunter2-preshared-SECRET');
    for (const leaked of ['psk', 'ikepolicy', 'ipsecpolicy', 'peer_id', '88.***', 'tunnel_peer_address', 'enterprise_project_id']) expect(text).not.toContain(leaked);
  });

  it.each([
    ['DOWN', undefined, 'NotConnected', 'Succeeded'],
    // ERROR is a failed provisioning whatever the down set: not connected, Failed (escalated, never reset).
    ['ERROR', undefined, 'NotConnected', 'Failed'],
    ['ERROR', ['DOWN', 'ERROR'], 'NotConnected', 'Failed'],
    ['UNKNOWN', undefined, 'UNKNOWN', 'Succeeded'],
    ['FREEZED', undefined, 'FREEZED', 'Succeeded'],
    ['PENDING_UPDATE', undefined, 'PENDING_UPDATE', 'Updating'],
    ['down', undefined, 'NotConnected', 'Succeeded'],
  ])('when Huawei says %s (down set %j), then the link status is %s, provisioningState %s, and the provider word is kept', (status, downStatuses, expected, provisioning) => {
    const o = projectHuaweiConnection(responseVpnConnection({ status }), { ...context, ...(downStatuses && { downStatuses }) })!;
    expect(o.status).toBe(expected);
    expect(o.provisioningState).toBe(provisioning);
    expect(o.providerStatus).toBe(status.toUpperCase());
  });

  it('when the item carries no status, then the status is left for a GET', () => {
    const o = projectHuaweiConnection(responseVpnConnection({ status: undefined }), context)!;
    expect(o.status).toBeUndefined();
    expect(o.providerStatus).toBeUndefined();
  });

  it('keeps vgw_ip as this end\'s address when it is an IP (a private gateway), and knows no address for an EIP id alone', () => {
    expect(projectHuaweiConnection(responseVpnConnection({ vgw_ip: '198.51.100.20' }), context)!.topology.localAddresses).toEqual(['198.51.100.20']);
    expect(projectHuaweiConnection(responseVpnConnection(), context)!.topology.localAddresses).toBeUndefined();
  });

  it("resolves vgw_ip, the EIP id of a public gateway (the reference's own example), to that EIP's address and names the gateway", () => {
    const vpnGateways = huaweiVpnGatewayInfos([
      {
        id: 'b32d91a4-demo-a8df-va86-e907174eb11d',
        name: 'vpngw-b2cb',
        network_type: 'public',
        eip1: { id: '0c464dad-demo-a8df-va86-c22bb0eb0bde', ip_address: '88.10.20.30', ip_version: 4 },
        eip2: { id: '7cca6fbb-demo-a8df-va86-1c5d2e0a4ab3', ip_address: '88.10.20.31', ip_version: 4 },
      },
    ]);
    const o = projectHuaweiConnection(responseVpnConnection(), { ...context, vpnGateways })!;
    expect(o.topology.localAddresses).toEqual(['88.10.20.30']);
    expect(o.topology.gatewayName).toBe('vpngw-b2cb');
    // An EIP id the gateway does not name (changed since the list): all of the gateway's addresses.
    const other = projectHuaweiConnection(responseVpnConnection({ vgw_ip: '11111111-2222-4333-a444-555555555555' }), { ...context, vpnGateways })!;
    expect(other.topology.localAddresses).toEqual(['88.10.20.30', '88.10.20.31']);
  });

  it('reads a BGP connection and an unknown customer gateway without a remote address', () => {
    const o = projectHuaweiConnection(responseVpnConnection({ style: 'bgp', cgw_id: 'aaaa' }), context)!;
    expect(o.configuration.bgp).toBe(true);
    expect(o.topology.remoteAddress).toBeUndefined();
  });

  it.each([[undefined], [''], ['../x'], [42]])('drops an item whose id is %j', (id) => {
    expect(projectHuaweiConnection(responseVpnConnection({ id }), context)).toBeUndefined();
  });
});

describe('customerGatewayIps and huaweiTags', () => {
  it('maps customer gateways to their IP from id_value (v5) or ip, skipping FQDN gateways', () => {
    const ips = customerGatewayIps([
      { id: 'E5AA7E5D-A', name: 'cgw-a', id_type: 'ip', id_value: '203.0.113.7' },
      { id: 'cgw-b', name: 'cgw-b', ip: '198.51.100.9' },
      { id: 'cgw-c', name: 'cgw-c', id_type: 'fqdn', id_value: 'vpn.example.com' },
      'garbage',
    ]);
    expect([...ips]).toEqual([
      ['e5aa7e5d-a', '203.0.113.7'],
      ['cgw-b', '198.51.100.9'],
    ]);
  });

  it('reads the [{key,value}] tag list and ignores malformed entries', () => {
    expect(huaweiTags([{ key: 'a', value: '' }, { key: 'b' }, { value: 'x' }, null, { key: 'c', value: 'd' }])).toEqual({ a: '', c: 'd' });
    expect(huaweiTags({ a: 'b' })).toEqual({});
  });
});

describe('huaweiVpnGatewayInfos', () => {
  it('keeps id, name and the EIPs with an address, nothing else; skips items without a usable id', () => {
    const gateways = huaweiVpnGatewayInfos([
      { id: 'VGW-A', name: 'gw-a', eip1: { id: 'EIP-1', ip_address: '198.51.100.1' }, eip2: { id: 'eip-2' }, access_private_ip_1: '10.0.0.1', tags: [{ key: 'k', value: 'v' }] },
      { id: 'vgw-private', name: 'gw-private', network_type: 'private' },
      { name: 'no-id' },
      42,
    ]);
    expect([...gateways.keys()]).toEqual(['vgw-a', 'vgw-private']);
    expect(gateways.get('vgw-a')).toEqual({ name: 'gw-a', eips: new Map([['eip-1', '198.51.100.1']]) });
    expect(gateways.get('vgw-private')).toEqual({ name: 'gw-private', eips: new Map() });
  });
});
