import { ArmHttpError, idsFrom, notFound, page, type ArmRequest, type ArmResponse } from './armHttp';
import type {
  SimClassicConnection,
  SimGenericResource,
  SimVpnConnection,
  SimVpnGateway,
  SimVpnLink,
} from '../fleetModel';
import { renderClassicConnection, renderVirtualNetworkGateway } from './renderClassic';
import { renderConnection, renderGateway, renderLink, renderSite, type RenderOptions } from './renderVwan';
import type { SimulatorEngine } from '../SimulatorEngine';

/** GET operations: lists page over precomputed indexes, gets are one map lookup. */
export type Handler = (engine: SimulatorEngine, request: ArmRequest) => ArmResponse;

export function requireSubscription(engine: SimulatorEngine, request: ArmRequest): void {
  const { sub } = request.params;
  if (!engine.fleet.hasSubscription(sub!)) {
    throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  }
}

function requireGroup(engine: SimulatorEngine, request: ArmRequest): void {
  requireSubscription(engine, request);
  const { sub, rg } = request.params;
  if (!engine.fleet.hasResourceGroup(sub!, rg!)) {
    throw new ArmHttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  }
}

export function findGateway(engine: SimulatorEngine, request: ArmRequest): SimVpnGateway {
  requireGroup(engine, request);
  const gateway = engine.fleet.get(idsFrom.gateway(request.params), 'vpnGateway');
  if (!gateway) throw notFound('Microsoft.Network/vpnGateways', request.params.gateway!, request.params.rg);
  return gateway;
}

function findConnection(engine: SimulatorEngine, request: ArmRequest): SimVpnConnection {
  findGateway(engine, request);
  const connection = engine.fleet.get(idsFrom.connection(request.params), 'vpnConnection');
  if (!connection)
    throw notFound(
      'Microsoft.Network/vpnGateways/vpnConnections',
      request.params.connection!,
      request.params.rg,
    );
  return connection;
}

export function findLink(engine: SimulatorEngine, request: ArmRequest): SimVpnLink {
  findConnection(engine, request);
  const link = engine.fleet.get(idsFrom.link(request.params), 'vwan');
  if (!link)
    throw notFound(
      'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections',
      request.params.link!,
      request.params.rg,
    );
  return link;
}

export function findClassic(engine: SimulatorEngine, request: ArmRequest): SimClassicConnection {
  requireGroup(engine, request);
  const connection = engine.fleet.get(idsFrom.classic(request.params), 'classic');
  if (!connection)
    throw notFound('Microsoft.Network/connections', request.params.classic!, request.params.rg);
  return connection;
}

/**
 * Lists carry counters but no connectionStatus, like ARM's examples; GETs of a link or classic connection carry it.
 * With `statusInLists` they do, unless the fault `omit-status` (list operations only) takes it out again.
 */
function listOptions(engine: SimulatorEngine, request: ArmRequest, resourceId?: string): RenderOptions {
  const target = { operation: request.operation, resourceId: resourceId?.toLowerCase() };
  if (engine.settings.statusInLists && engine.faults.firstFiring(target, ['omit-status']) === undefined) return { now: engine.now() };
  return { now: engine.now(), omitStatus: true };
}

/** Gateway lists show the VPN connections' own status but not their links' (VpnGatewayList.json), unless omit-status. */
function gatewayListOptions(engine: SimulatorEngine, request: ArmRequest): RenderOptions {
  const options = listOptions(engine, request);
  return options.omitStatus && !engine.settings.statusInLists ? { ...options, omitStatus: 'links' } : options;
}

const one = (body: unknown): ArmResponse => ({ status: 200, body });

export const readHandlers = {
  VpnGateways_List: (engine, request) => {
    requireSubscription(engine, request);
    const options = gatewayListOptions(engine, request);
    const gateways = engine.fleet.gatewaysInSubscription(request.params.sub!);
    return page(gateways, request, engine.settings.pageSize, (g) => renderGateway(g, options));
  },
  VpnGateways_ListByResourceGroup: (engine, request) => {
    requireGroup(engine, request);
    const options = gatewayListOptions(engine, request);
    const gateways = engine.fleet.gatewaysInGroup(request.params.sub!, request.params.rg!);
    return page(gateways, request, engine.settings.pageSize, (g) => renderGateway(g, options));
  },
  VpnGateways_Get: (engine, request) =>
    one(renderGateway(findGateway(engine, request), { now: engine.now() })),
  VpnConnections_ListByVpnGateway: (engine, request) => {
    const gateway = findGateway(engine, request);
    const options = listOptions(engine, request, gateway.id);
    return page(gateway.connections, request, engine.settings.pageSize, (c) => renderConnection(c, options));
  },
  VpnConnections_Get: (engine, request) =>
    one(renderConnection(findConnection(engine, request), { now: engine.now() })),
  VpnLinkConnections_ListByVpnConnection: (engine, request) => {
    const connection = findConnection(engine, request);
    const options = listOptions(engine, request, connection.id);
    return page(connection.links, request, engine.settings.pageSize, (l) => renderLink(l, options));
  },
  VpnSiteLinkConnections_Get: (engine, request) =>
    one(renderLink(findLink(engine, request), { now: engine.now() })),
  VirtualNetworkGatewayConnections_List: (engine, request) => {
    requireGroup(engine, request);
    const options = listOptions(engine, request);
    const connections = engine.fleet.classicInGroup(request.params.sub!, request.params.rg!);
    return page(connections, request, engine.settings.pageSize, (c) => renderClassicConnection(c, options));
  },
  VirtualNetworkGatewayConnections_Get: (engine, request) =>
    one(renderClassicConnection(findClassic(engine, request), { now: engine.now() })),
  VirtualNetworkGateways_ListConnections: (engine, request) => {
    requireGroup(engine, request);
    const gatewayId = idsFrom.vnetGateway(request.params);
    const connections = engine.fleet.classicOnVnetGateway(gatewayId);
    if (connections.length === 0) {
      throw notFound(
        'Microsoft.Network/virtualNetworkGateways',
        request.params.vnetGateway!,
        request.params.rg,
      );
    }
    const options = listOptions(engine, request, gatewayId);
    return page(connections, request, engine.settings.pageSize, (c) => renderClassicConnection(c, options));
  },
  VirtualNetworkGateways_Get: (engine, request) => {
    requireGroup(engine, request);
    const gatewayId = idsFrom.vnetGateway(request.params);
    const connections = engine.fleet.classicOnVnetGateway(gatewayId);
    if (connections.length === 0)
      throw notFound(
        'Microsoft.Network/virtualNetworkGateways',
        request.params.vnetGateway!,
        request.params.rg,
      );
    return one(renderVirtualNetworkGateway(gatewayId, connections[0]!.location));
  },
  VpnSites_List: (engine, request) => {
    requireSubscription(engine, request);
    const sites = engine.fleet.sitesInSubscription(request.params.sub!);
    return page(sites, request, engine.settings.pageSize, (s) => renderSite(s, engine.fleet.siteLinksOf(s.id)));
  },
  Resources_List: (engine, request) => {
    requireSubscription(engine, request);
    const type = resourceTypeFilter(request.query.get('$filter'));
    // ARM lists only the resources the caller may read: a site without vpnSites/read is simply not there.
    const resources = engine.fleet
      .genericResources(request.params.sub!, type)
      .filter((r) => !engine.rbac.enabled() || engine.rbac.allows(r.resource.id, `${r.type}/read`));
    return page(resources, request, engine.settings.pageSize, renderGenericResource);
  },
} satisfies Record<string, Handler>;

/** A Resources_List item as ARM writes it: `{ id, name, type, location, tags? }` (tags only when the resource has some). */
function renderGenericResource({ type, resource }: SimGenericResource): Record<string, unknown> {
  const { id, name, location, tags } = resource;
  return { id, name, type, location, ...(Object.keys(tags).length > 0 ? { tags } : {}) };
}

/** Resources_List supports the one filter the poller needs: `resourceType eq '<type>'`. */
function resourceTypeFilter(filter: string | null): string | undefined {
  if (filter === null || filter.trim() === '') return undefined;
  const match = /^\s*resourceType\s+eq\s+'([^']+)'\s*$/i.exec(filter);
  if (!match)
    throw new ArmHttpError(
      400,
      'InvalidFilterInQueryString',
      `The $filter '${filter}' is not supported by the simulator.`,
    );
  return match[1];
}
