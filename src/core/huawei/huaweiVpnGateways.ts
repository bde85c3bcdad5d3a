import { asObject, asString } from '../snapshot/rawValues';
import { isHuaweiSegment } from './huaweiId';

/** What tunnelwatch keeps of one Huawei VPN gateway (ListVgws item): its name and its public addresses by EIP id. */
export interface HuaweiVpnGatewayInfo {
  readonly name?: string;
  /** EIP id → public address, for `eip1` and `eip2` (a public gateway has one or two; a private one none). */
  readonly eips: ReadonlyMap<string, string>;
}

/**
 * VPN gateway id → name and EIPs, from `GET /v5/{project_id}/vpn-gateways` items (ResponseVpnGateway). An allow-list:
 * only `id`, `name` and `eip1` / `eip2` (`id`, `ip_address`) are read. An EIP without a usable address is left out.
 */
export function huaweiVpnGatewayInfos(items: readonly unknown[]): Map<string, HuaweiVpnGatewayInfo> {
  const gateways = new Map<string, HuaweiVpnGatewayInfo>();
  for (const item of items) {
    const gateway = asObject(item);
    const id = huaweiSegment(gateway?.id);
    if (!gateway || id === undefined) continue;
    const eips = new Map<string, string>();
    for (const field of ['eip1', 'eip2']) {
      const eip = asObject(gateway[field]);
      const eipId = huaweiSegment(eip?.id);
      const address = ipAddress(eip?.ip_address);
      if (eipId !== undefined && address !== undefined) eips.set(eipId, address);
    }
    const name = asString(gateway.name, 128);
    gateways.set(id, { ...(name !== undefined && { name }), eips });
  }
  return gateways;
}

/**
 * This end's public addresses of a connection. `vgw_ip` is documented as "an EIP ID or private IP address of the VPN
 * gateway": the EIP id of a public gateway (its address then comes from the gateway's `eip1` / `eip2`), the address
 * itself on a private one. An EIP id the gateway list resolves gives that one address (a tunnel is built on one EIP of
 * an active-active gateway); an id it does not name gives all the gateway's addresses; nothing known gives none.
 */
export function huaweiLocalAddresses(vgwIp: unknown, gateway: HuaweiVpnGatewayInfo | undefined): string[] | undefined {
  const address = ipAddress(vgwIp);
  if (address !== undefined) return [address];
  if (!gateway || gateway.eips.size === 0) return undefined;
  const eipId = huaweiSegment(vgwIp);
  const matched = eipId === undefined ? undefined : gateway.eips.get(eipId);
  return matched !== undefined ? [matched] : [...new Set(gateway.eips.values())];
}

/** A Huawei id (UUID and the like), lower case; undefined when absent or not id-shaped. */
export function huaweiSegment(value: unknown): string | undefined {
  const text = asString(value, 64);
  return text !== undefined && isHuaweiSegment(text) ? text.toLowerCase() : undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^(?=.*:.*:)[0-9a-f:]{2,39}$/i;

/** An IPv4 or IPv6 address, lower case; undefined for anything else (an EIP id included). */
export function ipAddress(value: unknown): string | undefined {
  const text = asString(value, 45)?.trim();
  return text !== undefined && (IPV4.test(text) || IPV6.test(text)) ? text.toLowerCase() : undefined;
}
