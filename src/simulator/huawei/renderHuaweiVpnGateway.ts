import { uuidOf } from './buildHuaweiFleet';
import { peerSubnetOf } from './renderHuaweiConnection';
import { huaweiStatusOf, type SimHuaweiConnection, type SimHuaweiVpnGateway } from './huaweiModel';

/**
 * A public VPN gateway as ListVgws / ShowVgw answer it (ResponseVpnGateway): `eip1` / `eip2` carry the EIPs'
 * ids and addresses, which is where a connection's `vgw_ip` (an EIP id) finds its address.
 */
export function renderHuaweiVpnGateway(gateway: SimHuaweiVpnGateway, connections: number): Record<string, unknown> {
  const [eip1, eip2] = gateway.eips;
  return {
    id: gateway.id,
    name: gateway.name,
    status: 'ACTIVE',
    attachment_type: 'vpc',
    ip_version: 'ipv4',
    vpc_id: uuidOf(`${gateway.id}/vpc`),
    local_subnets: ['192.168.0.0/16'],
    connect_subnet: uuidOf(`${gateway.id}/subnet`),
    network_type: 'public',
    bgp_asn: 64512,
    flavor: 'Professional1',
    availability_zone_ids: ['ap-southeast-1a', 'ap-southeast-1b'],
    connection_number: 10,
    used_connection_number: connections,
    used_connection_group: connections,
    enterprise_project_id: '0',
    ha_mode: gateway.haMode ?? 'active-active',
    ...(eip1 && { eip1: renderEip(eip1) }),
    ...(eip2 && { eip2: renderEip(eip2) }),
    created_at: gateway.createdAt,
    updated_at: gateway.createdAt,
    tags: [],
  };
}

function renderEip(eip: { readonly id: string; readonly ip: string }): Record<string, unknown> {
  return { id: eip.id, ip_version: 4, type: '5_bgp', ip_address: eip.ip, charge_mode: 'bandwidth', bandwidth_id: uuidOf(`${eip.id}/bw`), bandwidth_size: 300, bandwidth_name: `vpngw-bandwidth-${eip.id.slice(0, 4)}` };
}

/**
 * ListConnectionIpsecSa's `sa_infos` (SaInfo): one SA per peer subnet while the tunnel is ACTIVE, none otherwise,
 * with packet and byte counts from the tunnel's counters.
 */
export function renderIpsecSas(connection: SimHuaweiConnection, now: number): Record<string, unknown>[] {
  if (huaweiStatusOf(connection, now) !== 'ACTIVE') return [];
  const { ingress, egress } = connection.tunnel.counters(now);
  return [
    {
      id: uuidOf(`${connection.connectionId}/sa`),
      source_ip_cidr: '192.168.0.0/16',
      dest_ip_cidr: peerSubnetOf(connection),
      packets_sent: Number(egress / 1200n),
      packets_recv: Number(ingress / 1200n),
      traffic_sent: Number(egress),
      traffic_recv: Number(ingress),
      collected_at: new Date(now).toISOString(),
    },
  ];
}
