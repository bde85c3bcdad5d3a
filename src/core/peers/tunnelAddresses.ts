import { normalizeArmId } from '../ids/armId';
import { asObject, asString } from '../snapshot/rawValues';

/** Bounds what an address field may hold, so a malformed body cannot grow stored link state (an IPv6 text is ≤ 45). */
const MAX_ADDRESS_CHARS = 64;
const MAX_LOCAL_ADDRESSES = 4;

/** An address as a tunnel end states it: a bounded string without spaces (an fqdn is not an address and is ignored). */
export function asAddress(value: unknown): string | undefined {
  const text = asString(value, MAX_ADDRESS_CHARS)?.trim();
  return text && /^[0-9a-fA-F.:]+$/.test(text) ? text : undefined;
}

/**
 * The public IPs of a vWAN VPN gateway (VpnGateway properties.ipConfigurations[].publicIpAddress: one per instance,
 * Instance0 and Instance1); undefined when the body does not carry them (a generic resource list, an older api-version).
 */
export function vpnGatewayPublicIps(rawGateway: unknown): readonly string[] | undefined {
  const configurations = asObject(asObject(rawGateway)?.properties)?.ipConfigurations;
  if (!Array.isArray(configurations)) return undefined;
  const addresses = [...new Set(configurations.flatMap((c) => asAddress(asObject(c)?.publicIpAddress) ?? []))].slice(0, MAX_LOCAL_ADDRESSES);
  return addresses.length > 0 ? addresses : undefined;
}

/**
 * The address of every VPN site link of the listed sites (VpnSites_List items: properties.vpnSiteLinks[].properties
 * .ipAddress), by `normalizeArmId(siteLinkId)`. A link known only by fqdn has no address and is left out.
 */
export function siteLinkAddresses(rawSites: readonly unknown[]): ReadonlyMap<string, string> {
  const byLink = new Map<string, string>();
  for (const site of rawSites) {
    const links = asObject(asObject(site)?.properties)?.vpnSiteLinks;
    if (!Array.isArray(links)) continue;
    for (const link of links) {
      const id = asString(asObject(link)?.id);
      const address = asAddress(asObject(asObject(link)?.properties)?.ipAddress);
      if (id && address) byLink.set(normalizeArmId(id), address);
    }
  }
  return byLink;
}
