import { stableHash64 } from '../core/stableBucket';

/**
 * Public IP addresses of simulated resources, derived from their ids so every part of the simulator (ARM and Huawei
 * renderings, fleets that pair a Huawei connection with an Azure link) agrees without storing them.
 * Addresses come from the documentation ranges of RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) — never real hosts.
 */
const RANGES = ['192.0.2', '198.51.100', '203.0.113'] as const;

function addressOf(seed: string): string {
  const hash = Number.parseInt(stableHash64(seed.toLowerCase()).slice(0, 8), 16);
  return `${RANGES[hash % RANGES.length]}.${1 + (Math.floor(hash / RANGES.length) % 254)}`;
}

/** The two instance public IPs of a vWAN VPN gateway (ipConfigurations[].publicIpAddress: Instance0, Instance1). */
export function simGatewayPublicIps(gatewayId: string): readonly [string, string] {
  return [addressOf(`${gatewayId}#0`), addressOf(`${gatewayId}#1`)];
}

/** The address of a VPN site link (vpnSiteLinks[].properties.ipAddress): the branch device's public IP. */
export function simSiteLinkAddress(siteLinkId: string): string {
  return addressOf(siteLinkId);
}

/** The public IP of a Huawei VPN gateway (vgw_ip, its EIP) or customer gateway (ip), by Huawei id. */
export function simHuaweiAddress(huaweiResourceId: string): string {
  return addressOf(`huawei:${huaweiResourceId}`);
}
