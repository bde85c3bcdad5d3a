import type { FleetReader, PollFailure } from '../app/monitoring/monitoringPorts';
import { normalizeArmId, parseArmId } from '../core/armId';
import { mapLimit } from '../core/mapLimit';
import type { PollTarget } from '../core/pollTarget';
import { projectClassicConnection, projectVwanConnection, projectVwanLink, type LinkObservation } from '../core/projectLink';
import { asObject, asString, asTags, listItems } from '../core/rawValues';
import type { WatchScope } from '../core/scope';
import { toArmError } from './armErrors';
import type { ArmTransport } from './armTransport';

/** The api-version of the Microsoft.Network operations (reference/arm/OPERATIONS.md). */
const NETWORK_API = '2026-01-01';

/**
 * Monitoring's view of ARM: discovery of poll targets in the scopes and one list read per target (per-item reads
 * only where a list lacks connectionStatus). `concurrency` bounds those per-item reads (TW_ARM_CONCURRENCY).
 */
export function createArmFleetReader(transport: ArmTransport, concurrency: number): FleetReader {
  const { sdk, call, rawList, names } = transport;
  const drain = async (pages: AsyncIterable<unknown>): Promise<void> => {
    for await (const _page of pages) {
      // Pages are read from the raw bodies captured by onResponse.
    }
  };

  const gatewayTarget = (raw: unknown): PollTarget[] => {
    const id = asString(asObject(raw)?.id);
    const p = id ? parseArmId(id) : undefined;
    return id && p?.resourceGroup ? [{ kind: 'vpnGateway', id, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, tags: asTags(asObject(raw)?.tags) }] : [];
  };

  const resourcesOfType = (subscriptionId: string, type: string): Promise<unknown[]> =>
    rawList('Resources_List', subscriptionId, `/subscriptions/${subscriptionId}/resources?$filter=${encodeURIComponent(`resourceType eq '${type}'`)}`, '2021-04-01');
  const classicGroupsOf = async (subscriptionId: string): Promise<PollTarget[]> => {
    const groups = new Set((await resourcesOfType(subscriptionId, 'Microsoft.Network/connections')).flatMap((item) => parseArmId(asString(asObject(item)?.id) ?? '')?.resourceGroup ?? []));
    return [...groups].map((rg) => classicTarget(subscriptionId, rg));
  };

  const discoverScope = async (scope: WatchScope): Promise<PollTarget[]> => {
    const client = sdk(scope.subscriptionId);
    switch (scope.kind) {
      case 'subscription': {
        // Not VpnGateways_List: its pages embed every connection and link (megabytes at fleet scale), all of which
        // the per-gateway list reads again. The generic resource list names the gateways for a few KB.
        const [gateways, classic] = await Promise.all([resourcesOfType(scope.subscriptionId, 'Microsoft.Network/vpnGateways'), classicGroupsOf(scope.subscriptionId)]);
        return [...gateways.flatMap(gatewayTarget), ...classic];
      }
      case 'resourceGroup': {
        const pages = await call('VpnGateways_ListByResourceGroup', scope.id, (o) => drain(client.vpnGateways.listByResourceGroup(scope.resourceGroup, o).byPage()));
        return [...pages.flatMap(listItems).flatMap(gatewayTarget), classicTarget(scope.subscriptionId, scope.resourceGroup)];
      }
      case 'vpnGateway': {
        const [body] = await call('VpnGateways_Get', scope.id, (o) => client.vpnGateways.get(scope.resourceGroup, scope.gateway, o));
        return gatewayTarget(body);
      }
      case 'classicConnection':
      case 'classicGateway':
        return [classicTarget(scope.subscriptionId, scope.resourceGroup)];
    }
  };

  const readTarget = async (target: PollTarget): Promise<{ observations: LinkObservation[]; fallbackReads: number }> => {
    const client = sdk(target.subscriptionId);
    if (target.kind === 'vpnGateway') {
      const gatewayName = names(target.id).names[0]!;
      const connections = await rawList('VpnConnections_ListByVpnGateway', target.subscriptionId, `${groupPath(target)}/providers/Microsoft.Network/vpnGateways/${encodeURIComponent(gatewayName)}/vpnConnections`, NETWORK_API);
      const gateway = { id: target.id, tags: target.tags ?? {} };
      const listed = connections.flatMap((c) => projectVwanConnection(c, gateway).map((observation) => ({ observation, connection: asObject(c)! })));
      const missing = listed.filter((l) => l.observation.status === undefined);
      const fixed = await mapLimit(missing, concurrency, async ({ observation, connection }) => {
        const [, , linkName] = names(observation.topology.id).names;
        const [body] = await call('VpnSiteLinkConnections_Get', observation.topology.id, (o) =>
          client.vpnSiteLinkConnections.get(target.resourceGroup, gatewayName, observation.topology.connection, linkName!, o),
        );
        return projectVwanLink(body, connection, gateway) ?? observation;
      });
      const byId = new Map(fixed.map((o) => [normalizeArmId(o.topology.id), o]));
      return { observations: listed.map((l) => byId.get(normalizeArmId(l.observation.topology.id)) ?? l.observation), fallbackReads: missing.length };
    }
    const connections = await rawList('VirtualNetworkGatewayConnections_List', target.subscriptionId, `${groupPath(target)}/providers/Microsoft.Network/connections`, NETWORK_API);
    const listed = connections.flatMap((c) => projectClassicConnection(c) ?? []);
    const missing = listed.filter((l) => l.status === undefined);
    const fixed = await mapLimit(missing, concurrency, async (observation) => {
      const [body] = await call('VirtualNetworkGatewayConnections_Get', observation.topology.id, (o) => client.virtualNetworkGatewayConnections.get(target.resourceGroup, observation.topology.connection, o));
      return projectClassicConnection(body) ?? observation;
    });
    const byId = new Map(fixed.map((o) => [normalizeArmId(o.topology.id), o]));
    return { observations: listed.map((l) => byId.get(normalizeArmId(l.topology.id)) ?? l), fallbackReads: missing.length };
  };

  return {
    discover: async (scopes) => {
      const failures: PollFailure[] = [];
      const found = await mapLimit(scopes, 4, async (scope) => {
        try {
          return await discoverScope(scope);
        } catch (error) {
          const e = toArmError(error, `discover ${scope.id}`);
          failures.push({ gatewayId: scope.id, code: e.code, message: e.message });
          return [];
        }
      });
      const unique = new Map(found.flat().map((t) => [normalizeArmId(t.id), t]));
      return { targets: [...unique.values()], failures };
    },
    readTarget,
    requestCounts: () => transport.pacer.requestCounts(),
    throttles: () => transport.pacer.throttled,
  };
}

/** The poll target of a resource group's classic connections (one list call reads them all). */
export function classicTarget(subscriptionId: string, resourceGroup: string): PollTarget {
  return { kind: 'classicGroup', id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`, subscriptionId, resourceGroup };
}

function groupPath(target: PollTarget): string {
  return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(target.resourceGroup)}`;
}
