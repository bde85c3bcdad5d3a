/** What pairing needs of a link (a LinkSnapshot or LinkState). */
export interface HaMember {
  readonly key: string;
  readonly gatewayId: string;
  readonly haRole?: string;
  readonly cgwId?: string;
}

/**
 * The other connection of a Huawei active-standby pair. `ha_role` is `master` / `slave` only on an active-standby VPN
 * gateway (an active-active gateway's connections are all `master`), so the partner is a connection of the same VPN
 * gateway with the other role, to the same customer gateway; when no other-role connection shares the customer
 * gateway (the customer's end uses two devices) and the gateway has exactly one connection of the other role, that
 * one. Undefined otherwise: the connection is then judged on its own.
 */
export function haPartnerOf<T extends HaMember>(link: HaMember, links: readonly T[]): T | undefined {
  if (link.haRole !== 'master' && link.haRole !== 'slave') return undefined;
  const gatewayId = link.gatewayId.toLowerCase();
  const others = links.filter((l) => l.key !== link.key && l.gatewayId.toLowerCase() === gatewayId && (l.haRole === 'master' || l.haRole === 'slave') && l.haRole !== link.haRole);
  const sameCustomer = others.filter((l) => link.cgwId !== undefined && l.cgwId === link.cgwId);
  if (sameCustomer.length === 1) return sameCustomer[0];
  return sameCustomer.length === 0 && others.length === 1 ? others[0] : undefined;
}

/**
 * The links with every standby connection that has an active partner left out: an active-standby pair is one
 * tunnel, counted once (by its active connection) where down links are counted (the blast radius).
 */
export function withoutPairedStandbys<T extends HaMember>(links: readonly T[]): T[] {
  if (!links.some((l) => l.haRole === 'slave')) return [...links];
  const byGateway = new Map<string, T[]>();
  for (const link of links) {
    const gatewayId = link.gatewayId.toLowerCase();
    const list = byGateway.get(gatewayId);
    if (list) list.push(link);
    else byGateway.set(gatewayId, [link]);
  }
  return links.filter((l) => l.haRole !== 'slave' || haPartnerOf(l, byGateway.get(l.gatewayId.toLowerCase()) ?? []) === undefined);
}
