import type {
  SimClassicConnection,
  SimGenericResource,
  SimResource,
  SimTunnelOwner,
  SimTopLevelResource,
  SimVpnConnection,
  SimVpnGateway,
  SimVpnSite,
} from './fleetModel';

const key = (...parts: string[]): string => parts.join('/').toLowerCase();

/**
 * The simulated fleet with every lookup precomputed: a request touches one map entry and the page it serves,
 * never the whole fleet. Entities are added by the generators in ARM's natural order (which lists return).
 */
export class Fleet {
  private readonly byId = new Map<string, SimResource>();
  private readonly subscriptions = new Map<string, string>();
  private readonly resourceGroups = new Map<string, string>();
  private readonly gatewaysBySubscription = new Map<string, SimVpnGateway[]>();
  private readonly gatewaysByGroup = new Map<string, SimVpnGateway[]>();
  private readonly classicByGroup = new Map<string, SimClassicConnection[]>();
  private readonly classicByVnetGateway = new Map<string, SimClassicConnection[]>();
  private readonly resourcesBySubscription = new Map<string, SimGenericResource[]>();
  private readonly resourcesByType = new Map<string, SimGenericResource[]>();
  private readonly tunnelOwners: SimTunnelOwner[] = [];
  private readonly sitesBySubscription = new Map<string, SimVpnSite[]>();
  /** The site links connections point at, by lower-cased site id (a site has no links no connection uses here). */
  private readonly siteLinkIds = new Map<string, string[]>();

  get<T extends SimResource['kind']>(id: string, kind: T): Extract<SimResource, { kind: T }> | undefined {
    const found = this.byId.get(id.toLowerCase());
    return found?.kind === kind ? (found as Extract<SimResource, { kind: T }>) : undefined;
  }

  hasSubscription(subscriptionId: string): boolean {
    return this.subscriptions.has(subscriptionId.toLowerCase());
  }

  hasResourceGroup(subscriptionId: string, resourceGroup: string): boolean {
    return this.resourceGroups.has(key(subscriptionId, resourceGroup));
  }

  subscriptionIds(): string[] {
    return [...this.subscriptions.values()];
  }

  gatewaysInSubscription(subscriptionId: string): readonly SimVpnGateway[] {
    return this.gatewaysBySubscription.get(subscriptionId.toLowerCase()) ?? [];
  }

  gatewaysInGroup(subscriptionId: string, resourceGroup: string): readonly SimVpnGateway[] {
    return this.gatewaysByGroup.get(key(subscriptionId, resourceGroup)) ?? [];
  }

  classicInGroup(subscriptionId: string, resourceGroup: string): readonly SimClassicConnection[] {
    return this.classicByGroup.get(key(subscriptionId, resourceGroup)) ?? [];
  }

  classicOnVnetGateway(gatewayId: string): readonly SimClassicConnection[] {
    return this.classicByVnetGateway.get(gatewayId.toLowerCase()) ?? [];
  }

  /** Resources_List: every resource of the subscription, or only those of one type. */
  genericResources(subscriptionId: string, type?: string): readonly SimGenericResource[] {
    if (type === undefined) return this.resourcesBySubscription.get(subscriptionId.toLowerCase()) ?? [];
    return this.resourcesByType.get(key(subscriptionId, type)) ?? [];
  }

  /** VpnSites_List: the subscription's VPN sites, in the order connections first named them. */
  sitesInSubscription(subscriptionId: string): readonly SimVpnSite[] {
    return this.sitesBySubscription.get(subscriptionId.toLowerCase()) ?? [];
  }

  siteLinksOf(siteId: string): readonly string[] {
    return this.siteLinkIds.get(siteId.toLowerCase()) ?? [];
  }

  tunnels(): readonly SimTunnelOwner[] {
    return this.tunnelOwners;
  }

  gateways(): SimVpnGateway[] {
    return [...this.gatewaysBySubscription.values()].flat();
  }

  classicConnections(): SimClassicConnection[] {
    return [...this.classicByGroup.values()].flat();
  }

  addResourceGroup(subscriptionId: string, resourceGroup: string): void {
    this.subscriptions.set(subscriptionId.toLowerCase(), subscriptionId);
    this.resourceGroups.set(key(subscriptionId, resourceGroup), resourceGroup);
  }

  addGateway(gateway: SimVpnGateway): void {
    this.addResourceGroup(gateway.subscriptionId, gateway.resourceGroup);
    this.byId.set(gateway.id.toLowerCase(), gateway);
    push(this.gatewaysBySubscription, gateway.subscriptionId.toLowerCase(), gateway);
    push(this.gatewaysByGroup, key(gateway.subscriptionId, gateway.resourceGroup), gateway);
    this.addGeneric(gateway, 'Microsoft.Network/vpnGateways');
  }

  /** Adds a connection and its links, and its VPN site the first time a connection names it; the gateway must already be in the fleet. */
  addConnection(connection: SimVpnConnection): void {
    if (!this.byId.has(connection.site.id.toLowerCase())) this.addSite(connection.site);
    connection.gateway.connections.push(connection);
    this.byId.set(connection.id.toLowerCase(), connection);
    const siteLinks = this.siteLinkIds.get(connection.site.id.toLowerCase()) ?? [];
    for (const link of connection.links) {
      this.byId.set(link.id.toLowerCase(), link);
      this.tunnelOwners.push(link);
      if (!siteLinks.some((id) => id.toLowerCase() === link.siteLinkId.toLowerCase())) siteLinks.push(link.siteLinkId);
    }
    this.siteLinkIds.set(connection.site.id.toLowerCase(), siteLinks);
  }

  addClassic(connection: SimClassicConnection): void {
    this.addResourceGroup(connection.subscriptionId, connection.resourceGroup);
    this.byId.set(connection.id.toLowerCase(), connection);
    push(this.classicByGroup, key(connection.subscriptionId, connection.resourceGroup), connection);
    push(this.classicByVnetGateway, connection.gatewayId.toLowerCase(), connection);
    this.tunnelOwners.push(connection);
    this.addGeneric(connection, 'Microsoft.Network/connections');
  }

  private addSite(site: SimVpnSite): void {
    this.addResourceGroup(site.subscriptionId, site.resourceGroup);
    this.byId.set(site.id.toLowerCase(), site);
    push(this.sitesBySubscription, site.subscriptionId.toLowerCase(), site);
    this.addGeneric(site, 'Microsoft.Network/vpnSites');
  }

  /** A gateway deleted mid-cycle: it and everything below it disappear from every index. */
  removeGateway(gateway: SimVpnGateway): void {
    const doomed = new Set<SimResource>([gateway]);
    for (const connection of gateway.connections) {
      doomed.add(connection);
      for (const link of connection.links) doomed.add(link);
    }
    for (const resource of doomed) this.byId.delete(resource.id.toLowerCase());
    remove(this.gatewaysBySubscription.get(gateway.subscriptionId.toLowerCase()), gateway);
    remove(this.gatewaysByGroup.get(key(gateway.subscriptionId, gateway.resourceGroup)), gateway);
    const removeGeneric = (list: SimGenericResource[] | undefined): void => {
      const index = list?.findIndex((r) => r.resource === gateway) ?? -1;
      if (index >= 0) list?.splice(index, 1);
    };
    removeGeneric(this.resourcesBySubscription.get(gateway.subscriptionId.toLowerCase()));
    removeGeneric(this.resourcesByType.get(key(gateway.subscriptionId, 'Microsoft.Network/vpnGateways')));
    const kept = this.tunnelOwners.filter((owner) => !doomed.has(owner));
    this.tunnelOwners.splice(0, this.tunnelOwners.length, ...kept);
  }

  private addGeneric(resource: SimTopLevelResource, type: string): void {
    push(this.resourcesBySubscription, resource.subscriptionId.toLowerCase(), { type, resource });
    push(this.resourcesByType, key(resource.subscriptionId, type), { type, resource });
  }
}

function push<T>(map: Map<string, T[]>, mapKey: string, value: T): void {
  const list = map.get(mapKey);
  if (list) list.push(value);
  else map.set(mapKey, [value]);
}

function remove<T>(list: T[] | undefined, value: T): void {
  const index = list?.indexOf(value) ?? -1;
  if (index >= 0) list?.splice(index, 1);
}
