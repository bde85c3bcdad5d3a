import type { FleetReader, PollFailure, StatusRead } from '../../app/monitoring/monitoringPorts';
import type { LinkTopology } from '../../core/snapshot/linkSnapshot';
import { optional } from '../../core/optional';
import { normalizeArmId, parseArmId } from '../../core/ids/armId';
import { TunnelwatchError } from '../../core/errors';
import { mapLimit } from '../../core/mapLimit';
import type { PollTarget } from '../../core/polling/pollTarget';
import { projectClassicConnection, projectVwanConnection, projectVwanLink, type GatewayRef, type LinkObservation } from '../../core/snapshot/projectLink';
import { asObject, asString, asTags, listItems, type RawObject } from '../../core/snapshot/rawValues';
import type { WatchScope } from '../../core/scope';
import { toArmError } from './armErrors';
import { NETWORK_API, type ArmTransport } from './armTransport';
import { createKeyedCache, createSiteTagCache } from './siteTagCache';
import { siteLinkAddresses, vpnGatewayPublicIps } from '../../core/peers/tunnelAddresses';

export interface ArmFleetReaderOptions {
  /** Bounds the per-item reads of a target (TW_ARM_CONCURRENCY). */
  readonly concurrency: number;
  /**
   * How long one listing of a subscription's VPN site tags is reused (default 50 s: about one list per poll cycle);
   * tags listed during a poll cycle also serve the rest of that cycle, up to twice this.
   */
  readonly siteTagsTtlMs?: number;
  /**
   * How long a gateway's public IPs, read by VpnGateways_Get when discovery did not carry them (a subscription scope
   * discovers gateways from the generic resource list), are reused: they are static for the gateway's life (default 1 h).
   */
  readonly gatewayAddressesTtlMs?: number;
  /**
   * How long one VpnSites_List of a subscription's site link addresses is reused (default 15 min): a branch's public IP
   * rarely changes, pairing tolerates a late update, and at fleet scale the list is many pages a cycle would pay again.
   */
  readonly siteAddressesTtlMs?: number;
  readonly now?: () => number;
}

type TargetRead = { readonly observations: readonly LinkObservation[]; readonly fallbackReads: number };
type ListedTarget =
  | { readonly kind: 'vwan'; readonly gatewayName: string; readonly gateway: GatewayRef; readonly listed: Array<{ observation: LinkObservation; connection: RawObject }> }
  | { readonly kind: 'classic'; readonly listed: LinkObservation[] };

export interface ArmFleetReader extends FleetReader {
  /** A target's links without the VPN site tags (a remediation's fresh read of a gateway does not need them). */
  readonly readTargetWithoutSiteTags: (target: PollTarget) => Promise<TargetRead>;
}

/**
 * Monitoring's view of ARM: discovery of poll targets in the scopes and one list read per target (per-item reads
 * only where a list lacks connectionStatus), with the VPN site tags of vWAN gateways from a per-subscription cache.
 */
export function createArmFleetReader(transport: ArmTransport, options: ArmFleetReaderOptions): ArmFleetReader {
  const { sdk, call, rawList, names } = transport;
  const { concurrency } = options;
  const now = options.now ?? ((): number => Date.now());
  const drain = async (pages: AsyncIterable<unknown>): Promise<void> => {
    for await (const _page of pages) {
      // Pages are read from the raw bodies captured by onResponse.
    }
  };

  const gatewayTarget = (raw: unknown): PollTarget[] => {
    const id = asString(asObject(raw)?.id);
    const p = id ? parseArmId(id) : undefined;
    return id && p?.resourceGroup
      ? [{ kind: 'vpnGateway', id, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, tags: asTags(asObject(raw)?.tags), ...optional('localAddresses', vpnGatewayPublicIps(raw)), ...optional('location', asString(asObject(raw)?.location, 64)?.toLowerCase()) }]
      : [];
  };

  const resourcesOfType = (subscriptionId: string, type: string): Promise<unknown[]> =>
    rawList('Resources_List', subscriptionId, `/subscriptions/${subscriptionId}/resources?$filter=${encodeURIComponent(`resourceType eq '${type}'`)}`, '2021-04-01');
  // A 403 means the identity may not list the subscription's resources (a scope narrower than what it reads from):
  // no site is visible to it, exactly as ARM leaves out sites outside its assignments, so the gateway's tags apply.
  // Anything else (429, 5xx, timeout) fails the gateway target this cycle rather than judge it without its opt-out.
  const listSites = (subscriptionId: string): Promise<unknown[]> =>
    resourcesOfType(subscriptionId, 'Microsoft.Network/vpnSites').catch((error: unknown) => {
      if (error instanceof TunnelwatchError && error.code === 'ARM.FORBIDDEN') return [];
      throw error;
    });
  const siteTagsTtlMs = options.siteTagsTtlMs ?? 50_000;
  // A cycle longer than the time to live would list the sites twice (100 pages for 5,000 sites, from the read budget):
  // tags listed during the current poll cycle (since its discovery) serve the rest of it, up to twice the time to live.
  let cycleStartedAt: number | undefined;
  const listedThisCycle = (loadedAt: number): boolean => cycleStartedAt !== undefined && loadedAt >= cycleStartedAt && now() - loadedAt < 2 * siteTagsTtlMs;
  const siteTags = createSiteTagCache(listSites, now, siteTagsTtlMs, listedThisCycle);
  // The tunnels' far ends: one VpnSites_List per subscription every siteAddressesTtlMs (the generic list carries no
  // properties). Addresses only pair the two ends of a tunnel: a failed read leaves them unknown (link state keeps the
  // last ones) and is retried about a cycle later.
  const siteAddresses = createKeyedCache(
    (subscriptionId) => rawList('VpnSites_List', subscriptionId, `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/vpnSites`, NETWORK_API).then(siteLinkAddresses),
    now,
    options.siteAddressesTtlMs ?? 15 * 60_000,
    siteTagsTtlMs,
  );
  const gatewayAddresses = createKeyedCache(
    async (gatewayId) => {
      const p = parseArmId(gatewayId);
      const [body] = await call('VpnGateways_Get', gatewayId, (o) => sdk(p!.subscriptionId).vpnGateways.get(p!.resourceGroup!, names(gatewayId).names[0]!, o));
      return vpnGatewayPublicIps(body);
    },
    now,
    options.gatewayAddressesTtlMs ?? 3_600_000,
    // A failed read (throttled, deleted gateway) is retried about a cycle later, not an hour.
    siteTagsTtlMs,
  );
  const addressesOf = (target: PollTarget): Promise<Pick<GatewayRef, 'addresses' | 'siteLinkAddresses'>> =>
    Promise.all([
      target.localAddresses ?? gatewayAddresses.get(target.id).catch(() => undefined),
      transport.pacer.outsideShares(() => siteAddresses.get(target.subscriptionId)).catch(() => undefined),
    ]).then(([addresses, links]) => ({ ...optional('addresses', addresses), ...optional('siteLinkAddresses', links) }));
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
      case 'huaweiProject':
        return []; // not an ARM scope: the Huawei provider discovers it
    }
  };

  /** One target's lists: counters for every link, status only where the list carries it. */
  const listTarget = async (target: PollTarget, policyTags: boolean): Promise<ListedTarget> => {
    if (target.kind === 'vpnGateway') {
      const gatewayName = names(target.id).names[0]!;
      const [connections, sites] = await Promise.all([
        rawList('VpnConnections_ListByVpnGateway', target.subscriptionId, `${groupPath(target)}/providers/Microsoft.Network/vpnGateways/${encodeURIComponent(gatewayName)}/vpnConnections`, NETWORK_API),
        // The per-process site-tag cache serves every shard here, so its fill is not one shard's share.
        policyTags ? transport.pacer.outsideShares(() => siteTags.get(target.subscriptionId)) : undefined,
      ]);
      // After the reads the poll cannot do without, never beside them: addresses only pair tunnel ends.
      const addresses = policyTags ? await addressesOf(target) : undefined;
      const gateway: GatewayRef = { id: target.id, tags: target.tags ?? {}, ...optional('siteTags', sites), ...addresses };
      return { kind: 'vwan', gatewayName, gateway, listed: connections.flatMap((c) => projectVwanConnection(c, gateway).map((observation) => ({ observation, connection: asObject(c)! }))) };
    }
    const connections = await rawList('VirtualNetworkGatewayConnections_List', target.subscriptionId, `${groupPath(target)}/providers/Microsoft.Network/connections`, NETWORK_API);
    return { kind: 'classic', listed: connections.flatMap((c) => projectClassicConnection(c) ?? []) };
  };

  /** A link's status by GET (the lists of real ARM carry none); a failure is returned by its code. */
  const readStatus = async (link: LinkTopology): Promise<StatusRead> => {
    const client = sdk(link.subscriptionId);
    try {
      const [first, second, third] = names(link.id).names;
      const [body] =
        link.kind === 'vwan'
          ? await call('VpnSiteLinkConnections_Get', link.id, (o) => client.vpnSiteLinkConnections.get(link.resourceGroup, first!, second!, third!, o))
          : await call('VirtualNetworkGatewayConnections_Get', link.id, (o) => client.virtualNetworkGatewayConnections.get(link.resourceGroup, first!, o));
      return { id: link.id, ...optional('status', asString(asObject(asObject(body)?.properties)?.connectionStatus, 64)) };
    } catch (error) {
      return { id: link.id, code: toArmError(error, `read ${link.id}`).code };
    }
  };

  /** A remediation's fresh read of a whole target: the lists, then a GET of every item whose list lacked status. */
  const readTarget = async (target: PollTarget, policyTags: boolean): Promise<TargetRead> => {
    const client = sdk(target.subscriptionId);
    const read = await listTarget(target, policyTags);
    if (read.kind === 'vwan') {
      const missing = read.listed.filter((l) => l.observation.status === undefined);
      const fixed = await mapLimit(missing, concurrency, async ({ observation, connection }) => {
        const [, , linkName] = names(observation.topology.id).names;
        const [body] = await call('VpnSiteLinkConnections_Get', observation.topology.id, (o) =>
          client.vpnSiteLinkConnections.get(target.resourceGroup, read.gatewayName, observation.topology.connection, linkName!, o),
        );
        return projectVwanLink(body, connection, read.gateway) ?? observation;
      });
      const byId = new Map(fixed.map((o) => [normalizeArmId(o.topology.id), o]));
      return { observations: read.listed.map((l) => byId.get(normalizeArmId(l.observation.topology.id)) ?? l.observation), fallbackReads: missing.length };
    }
    const missing = read.listed.filter((l) => l.status === undefined);
    const fixed = await mapLimit(missing, concurrency, async (observation) => {
      const [body] = await call('VirtualNetworkGatewayConnections_Get', observation.topology.id, (o) => client.virtualNetworkGatewayConnections.get(target.resourceGroup, observation.topology.connection, o));
      return projectClassicConnection(body) ?? observation;
    });
    const byId = new Map(fixed.map((o) => [normalizeArmId(o.topology.id), o]));
    return { observations: read.listed.map((l) => byId.get(normalizeArmId(l.topology.id)) ?? l), fallbackReads: missing.length };
  };

  return {
    discover: async (scopes) => {
      cycleStartedAt = now();
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
    listTarget: async (target) => {
      const read = await listTarget(target, true);
      return { observations: read.kind === 'vwan' ? read.listed.map((l) => l.observation) : read.listed };
    },
    readStatuses: (links) => mapLimit(links, concurrency, readStatus),
    readTargetWithoutSiteTags: (target) => readTarget(target, false),
    requestCounts: () => transport.pacer.requestCounts(),
    throttles: () => transport.pacer.throttled,
    readAllowance: (subscriptionId, horizonMs) => transport.pacer.readAllowance(subscriptionId, horizonMs),
    withReadShares: (readsPerMinute, work) => transport.pacer.withReadShares(readsPerMinute, work),
  };
}

/** The poll target of a resource group's classic connections (one list call reads them all). */
export function classicTarget(subscriptionId: string, resourceGroup: string): PollTarget {
  return { kind: 'classicGroup', id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`, subscriptionId, resourceGroup };
}

function groupPath(target: PollTarget): string {
  return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(target.resourceGroup)}`;
}
