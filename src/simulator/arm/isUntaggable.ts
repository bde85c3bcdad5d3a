export const UNTAGGABLE_MESSAGE =
  'VPN connections are child resources and carry no tags; tag the VPN site or the gateway';

/** A vWAN VPN connection or one of its link connections: child resources, which ARM does not tag. */
export function isUntaggable(id: string): boolean {
  return /\/vpnGateways\/[^/]+\/vpnConnections(\/|$)/i.test(id);
}
