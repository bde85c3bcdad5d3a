import { describe, expect, it } from 'vitest';
import { matchPeers, type PeerCandidate } from '../../../src/core/peers/matchPeers';

const azure = (key: string, local: string[] | undefined, remote: string | undefined, gatewayId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw1'): PeerCandidate => ({
  key,
  kind: 'vwan',
  gatewayId,
  ...(local && { localAddresses: local }),
  ...(remote && { remoteAddress: remote }),
});
const huawei = (key: string, vgwIp: string | undefined, cgwIp: string | undefined, vgw = 'vgw-1'): PeerCandidate => ({
  key,
  kind: 'huawei',
  gatewayId: `/huawei/regions/ap-southeast-1/projects/p1/vpnGateways/${vgw}`,
  ...(vgwIp && { localAddresses: [vgwIp] }),
  ...(cgwIp && { remoteAddress: cgwIp }),
});

describe('matchPeers', () => {
  it('when an Azure link points at a Huawei gateway that points back at one of the Azure instances, then the two are each other\'s peer', () => {
    const peers = matchPeers([azure('a', ['192.0.2.1', '192.0.2.2'], '203.0.113.9'), huawei('h', '203.0.113.9', '192.0.2.2')]);
    expect(peers.get('a')).toBe('h');
    expect(peers.get('h')).toBe('a');
  });

  it('when only one direction matches, then neither end has a peer', () => {
    const peers = matchPeers([azure('a', ['192.0.2.1'], '203.0.113.9'), huawei('h', '203.0.113.9', '198.51.100.7')]);
    expect(peers.size).toBe(0);
  });

  it.each([
    ['no remote address', azure('a', ['192.0.2.1'], undefined)],
    ['no local addresses', azure('a', undefined, '203.0.113.9')],
  ])('when a link has %s, then it pairs with nothing', (_name, link) => {
    expect(matchPeers([link, huawei('h', '203.0.113.9', '192.0.2.1')]).size).toBe(0);
  });

  it('when two Huawei connections answer the same Azure link, then nobody gets a peer, whatever the order', () => {
    const links = [azure('a', ['192.0.2.1'], '203.0.113.9'), huawei('h1', '203.0.113.9', '192.0.2.1', 'vgw-1'), huawei('h2', '203.0.113.9', '192.0.2.1', 'vgw-2')];
    expect(matchPeers(links).size).toBe(0);
    expect(matchPeers([...links].reverse()).size).toBe(0);
  });

  it('when two Azure links of one gateway would pair with each other, then they do not (one gateway is not two ends)', () => {
    expect(matchPeers([azure('a', ['192.0.2.1'], '192.0.2.1'), azure('b', ['192.0.2.1'], '192.0.2.1')]).size).toBe(0);
  });

  it('when two Azure links of different gateways point at each other, then they pair (vWAN to vWAN across hubs)', () => {
    const other = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw2';
    const peers = matchPeers([azure('a', ['192.0.2.1'], '198.51.100.1'), azure('b', ['198.51.100.1'], '192.0.2.1', other)]);
    expect([...peers]).toEqual([['a', 'b'], ['b', 'a']]);
  });

  it('when addresses differ only in case or surrounding spaces, then they still match', () => {
    const peers = matchPeers([azure('a', ['2001:DB8::1'], ' 2001:db8::9'), huawei('h', '2001:db8::9', '2001:db8::1')]);
    expect(peers.get('a')).toBe('h');
  });

  it('when a fleet holds many unrelated links and one pair, then only the pair is matched', () => {
    const noise = Array.from({ length: 200 }, (_, i) => azure(`n${i}`, [`10.0.${i >> 8}.${i & 255}`], '198.51.100.200'));
    const peers = matchPeers([...noise, azure('a', ['192.0.2.1'], '203.0.113.9'), huawei('h', '203.0.113.9', '192.0.2.1')]);
    expect([...peers.keys()].sort()).toEqual(['a', 'h']);
  });
});
