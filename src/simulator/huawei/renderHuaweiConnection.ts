import { stableHash64 } from '../../core/ids/stableBucket';
import { huaweiStatusOf, type SimHuaweiConnection, type SimHuaweiCustomerGateway } from './huaweiModel';

/**
 * A ResponseVpnConnection as ListVpnConnections / ShowVpnConnection answer it: every field of Huawei's reference
 * with plausible values (a static-routing connection). `psk` is never rendered: Huawei does not return it.
 */
export function renderHuaweiConnection(connection: SimHuaweiConnection, now: number): Record<string, unknown> {
  const octet = Number.parseInt(stableHash64(connection.connectionId).slice(0, 4), 16) % 64;
  return {
    id: connection.connectionId,
    name: connection.name,
    status: huaweiStatusOf(connection, now),
    vgw_id: connection.vgwId,
    // A public gateway's connection names its EIP by id (Huawei's reference example does too), not by address.
    vgw_ip: connection.eipId,
    style: 'STATIC',
    cgw_id: connection.customerGateway.id,
    peer_subnets: [peerSubnetOf(connection)],
    tunnel_local_address: `169.254.${octet}.1/30`,
    tunnel_peer_address: `169.254.${octet}.2/30`,
    enable_nqa: false,
    enable_hub: false,
    ikepolicy: {
      ike_version: 'v2',
      authentication_algorithm: 'sha2-256',
      encryption_algorithm: 'aes-128',
      dh_group: 'group15',
      authentication_method: 'pre-share',
      lifetime_seconds: 86400,
      local_id_type: 'ip',
      local_id: connection.vgwIp,
      peer_id_type: 'ip',
      peer_id: connection.customerGateway.ip,
      dpd: { timeout: 15, interval: 30, msg: 'seq-hash-notify' },
    },
    ipsecpolicy: {
      authentication_algorithm: 'sha2-256',
      encryption_algorithm: 'aes-128',
      pfs: 'group15',
      transform_protocol: 'esp',
      lifetime_seconds: 3600,
      encapsulation_mode: 'tunnel',
    },
    created_at: connection.createdAt,
    updated_at: connection.updatedAt,
    enterprise_project_id: '0',
    ha_role: connection.haRole,
    tags: connection.tags.map((tag) => ({ ...tag })),
    eip_id: connection.eipId,
    type: 'ROUTE',
    route_mode: 'static',
  };
}

/** The one peer subnet of a simulated connection (its rendering and its IPsec SA agree). */
export function peerSubnetOf(connection: SimHuaweiConnection): string {
  const octet = Number.parseInt(stableHash64(connection.connectionId).slice(0, 4), 16) % 64;
  return `10.${100 + (octet % 100)}.0.0/24`;
}

/** A customer gateway as ListCustomerGateways answers it (IP-identified, no certificate). */
export function renderCustomerGateway(gateway: SimHuaweiCustomerGateway): Record<string, unknown> {
  return {
    id: gateway.id,
    name: gateway.name,
    id_type: 'ip',
    id_value: gateway.ip,
    ip: gateway.ip,
    bgp_asn: 65000,
    created_at: gateway.createdAt,
    updated_at: gateway.createdAt,
    tags: [],
  };
}
