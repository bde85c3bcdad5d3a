import { stableHash64 } from '../core/ids/stableBucket';

/**
 * Public IP addresses of simulated resources, derived from their ids so every part of the simulator (ARM and Huawei
 * renderings, fleets that pair a Huawei connection with an Azure link) agrees without storing them.
 * Addresses come from 198.18.0.0/15, reserved for benchmarking (RFC 2544, RFC 6890: never routed, never real hosts).
 * Not the RFC 5737 documentation ranges: their 762 addresses are too few for distinct ids, and in a fleet of
 * thousands of links chance collisions would pair unrelated links as the two ends of one tunnel (matchPeers).
 */
const HOSTS_PER_BLOCK = 254;
const BLOCKS = 2 * 256; // 198.18.0.0 – 198.19.255.255, one /24 block per third octet

function addressOf(seed: string): string {
  const hash = Number.parseInt(stableHash64(seed.toLowerCase()).slice(0, 8), 16);
  const block = hash % BLOCKS;
  const host = 1 + (Math.floor(hash / BLOCKS) % HOSTS_PER_BLOCK);
  return `198.${18 + Math.floor(block / 256)}.${block % 256}.${host}`;
}

/** The two instance public IPs of a vWAN VPN gateway (ipConfigurations[].publicIpAddress: Instance0, Instance1). */
export function simGatewayPublicIps(gatewayId: string): readonly [string, string] {
  return [addressOf(`${gatewayId}#0`), addressOf(`${gatewayId}#1`)];
}

/** The address of a VPN site link (vpnSiteLinks[].properties.ipAddress): the branch device's public IP. */
export function simSiteLinkAddress(siteLinkId: string): string {
  return addressOf(siteLinkId);
}

/**
 * The public IP of a classic connection's other end, by the peer's id: the local network gateway's
 * gatewayIpAddress (IPsec) or the peer virtual network gateway's (Vnet2Vnet). ARM renders the peer by id only.
 */
export function simClassicPeerAddress(peerId: string): string {
  return addressOf(peerId);
}

/** The public IP of a Huawei VPN gateway (vgw_ip, its EIP) or customer gateway (ip), by Huawei id. */
export function simHuaweiAddress(huaweiResourceId: string): string {
  return addressOf(`huawei:${huaweiResourceId}`);
}
