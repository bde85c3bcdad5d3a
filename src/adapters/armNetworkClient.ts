import https from 'node:https';
import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import { createPipelineRequest, type PipelinePolicy } from '@azure/core-rest-pipeline';
import type { FleetReader, PollFailure } from '../app/monitoring/monitoringPorts';
import type { ActionStart, NetworkActions, PermissionReader } from '../app/ports';
import { normalizeArmId, parseArmId } from '../core/armId';
import { buildSnapshot } from '../core/buildSnapshot';
import { TunnelwatchError } from '../core/errors';
import type { LinkSnapshot } from '../core/linkSnapshot';
import type { PollTarget } from '../core/pollTarget';
import { projectClassicConnection, projectVwanConnection, projectVwanLink, type LinkObservation } from '../core/projectLink';
import { asObject, asString, asTags, listItems } from '../core/rawValues';
import type { WatchScope } from '../core/scope';
import { toArmError } from './armErrors';
import { readArmOperationResult, startArmAction, trackArmOperation, type ArmSend } from './armLongRunning';
import { ARM_OPERATIONS, type ArmOperationId } from './armOperations';
import { ArmPacer, type PacerOptions } from './armPacer';
import { createSiteTagCache } from './siteTagCache';
import { readScopePermissions } from './armPermissions';
import { summarizeIkeSas } from './summarizeIkeSas';
import { parseArmBody } from './parseArmBody';
import { mapLimit } from '../core/mapLimit';

export interface ArmNetworkOptions extends PacerOptions {
  readonly endpoint: string;
  readonly credential: TokenCredential;
  /** PEM to trust for `endpoint` (the simulator); only that certificate, only for this client. */
  readonly caPem?: string;
  readonly maxRetries?: number;
  /** How long one listing of a subscription's VPN site tags is reused (default 50 s: about one list per poll cycle). */
  readonly siteTagsTtlMs?: number;
  /** Interval between LRO status polls when ARM sends no Retry-After (LRO.md leaves it to the client). */
  readonly lroPollIntervalMs?: number;
  readonly now?: () => number;
  /** Waits between LRO status polls (injected by tests that run on a virtual clock). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ArmNetwork extends FleetReader, NetworkActions, PermissionReader {
  /** 429 answers seen so far. */
  throttles(): number;
}

type Sdk = NetworkManagementClient;
type OnResponse = { onResponse: (raw: { status: number; bodyAsText?: string | null }) => void };

/**
 * The only importer of @azure/arm-network: discovery and poll reads for monitoring, reads and reset/IKE-SA actions
 * for remediation. Every call goes through `call(operationId, …)`, so ARM_OPERATIONS (the custom role) lists
 * everything this adapter can do, and requests are counted per operation. Bodies are projected from the raw text
 * (lossless int64, bare-array lists accepted), never from the SDK's model objects.
 */
export function createArmNetworkClient(options: ArmNetworkOptions): ArmNetwork {
  const pacer = new ArmPacer(options);
  const now = options.now ?? ((): number => Date.now());
  const clients = new Map<string, Sdk>();
  const trust = options.caPem ? caPolicy(options.caPem) : undefined;
  const build = (subscriptionId: string, maxRetries: number): Sdk =>
    new NetworkManagementClient(options.credential, subscriptionId, {
      endpoint: options.endpoint,
      $host: options.endpoint,
      credentialScopes: [`${new URL(options.endpoint).origin}/.default`],
      retryOptions: { maxRetries, maxRetryDelayInMs: 30_000 },
      additionalPolicies: [
        { policy: pacer.policy(subscriptionId), position: 'perRetry' },
        ...(trust ? [{ policy: trust, position: 'perCall' as const }] : []),
      ],
    });
  const cached = (key: string, make: () => Sdk): Sdk => {
    let client = clients.get(key);
    if (!client) {
      client = make();
      clients.set(key, client);
    }
    return client;
  };
  const sdk = (subscriptionId: string): Sdk =>
    cached(subscriptionId, () => build(subscriptionId, options.maxRetries ?? 3));
  /** Long-running actions and their status reads: no pipeline retries, so a POST is sent exactly once. */
  const actionSdk = (subscriptionId: string): Sdk =>
    cached(`actions:${subscriptionId}`, () => build(subscriptionId, 0));
  const origin = new URL(options.endpoint).origin.toLowerCase();
  const send: ArmSend = async (operation, request) => {
    const url = new URL(request.url);
    // Status URLs come from ARM's headers: follow them only on ARM's own host, never with our token elsewhere.
    if (url.origin.toLowerCase() !== origin)
      throw new TunnelwatchError('ARM.BAD_RESPONSE', `${operation}: operation URL is not on ${origin}`);
    const subscriptionId = parseArmId(url.pathname)?.subscriptionId ?? '';
    const response = await pacer.run(operation, () =>
      actionSdk(subscriptionId).sendRequest(
        createPipelineRequest({ url: request.url, method: request.method }),
      ),
    );
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      bodyAsText: response.bodyAsText ?? undefined,
    };
  };
  const track = {
    defaultPollMs: options.lroPollIntervalMs ?? 10_000,
    now,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };

  /** Runs one registered operation and returns the lossless bodies of every response page. */
  const call = async (operation: ArmOperationId, what: string, run: (opts: OnResponse) => Promise<unknown>): Promise<unknown[]> => {
    if (!(operation in ARM_OPERATIONS)) throw new TunnelwatchError('INTERNAL', `ARM operation ${operation} is not registered`);
    const bodies: unknown[] = [];
    const opts: OnResponse = { onResponse: (raw) => void (raw.status < 300 && bodies.push(parseArmBody(raw.bodyAsText ?? undefined))) };
    try {
      await pacer.run(operation, () => run(opts));
    } catch (thrown) {
      // The SDK may fail to deserialize a body ARM did send (e.g. a bare-array list); the raw body is still good.
      const status = (thrown as { statusCode?: number }).statusCode;
      if (status !== undefined || bodies.length === 0) throw toArmError(thrown, `${operation} ${what}`);
    }
    return bodies;
  };
  const drain = async (pages: AsyncIterable<unknown>): Promise<void> => {
    for await (const _page of pages) {
      // Pages are read from the raw bodies captured by onResponse.
    }
  };
  const names = (id: string): { sub: string; rg: string; names: string[] } => {
    const p = parseArmId(id);
    if (!p?.resourceGroup) throw new TunnelwatchError('LINK.NOT_FOUND', `'${id}' is not a resource id`);
    return { sub: p.subscriptionId, rg: p.resourceGroup, names: p.resources.map(([, n]) => n) };
  };

  const gatewayTarget = (raw: unknown): PollTarget[] => {
    const id = asString(asObject(raw)?.id);
    const p = id ? parseArmId(id) : undefined;
    return id && p?.resourceGroup ? [{ kind: 'vpnGateway', id, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, tags: asTags(asObject(raw)?.tags) }] : [];
  };
  const classicTarget = (subscriptionId: string, resourceGroup: string): PollTarget => ({
    kind: 'classicGroup',
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
    subscriptionId,
    resourceGroup,
  });

  /**
   * GET a list through the client's own pipeline (auth, retries, pacing, CA) following nextLink, without the SDK's
   * model deserialization: the raw text is all we project from, and skipping the models halves CPU and garbage.
   */
  const rawList = async (operation: ArmOperationId, subscriptionId: string, path: string, apiVersion: string): Promise<unknown[]> => {
    const client = sdk(subscriptionId);
    let url: string | undefined = `${options.endpoint}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
    const items: unknown[] = [];
    for (let page = 0; url && page < 1000; page++) {
      const pageUrl: string = url;
      const response = await pacer.run(operation, () => client.sendRequest(createPipelineRequest({ url: pageUrl, method: 'GET' })));
      const body = parseArmBody(response.bodyAsText ?? undefined);
      if (response.status >= 300) {
        const error = asObject(asObject(body)?.error);
        throw toArmError(Object.assign(new Error(asString(error?.message, 500) ?? `HTTP ${response.status}`), { statusCode: response.status, code: asString(error?.code, 100) }), `${operation} ${path}`);
      }
      items.push(...listItems(body));
      url = asString(asObject(body)?.nextLink, 8192);
    }
    return items;
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
  const siteTags = createSiteTagCache(listSites, now, options.siteTagsTtlMs ?? 50_000);
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

  /** `policyTags`: also read the VPN site tags (the poller needs them; a remediation's fresh read of a gateway does not). */
  const readTarget = async (target: PollTarget, policyTags = true): Promise<{ observations: LinkObservation[]; fallbackReads: number }> => {
    const client = sdk(target.subscriptionId);
    if (target.kind === 'vpnGateway') {
      const gatewayName = names(target.id).names[0]!;
      const [connections, sites] = await Promise.all([
        rawList('VpnConnections_ListByVpnGateway', target.subscriptionId, `${groupPath(target)}/providers/Microsoft.Network/vpnGateways/${encodeURIComponent(gatewayName)}/vpnConnections`, NETWORK_API),
        policyTags ? siteTags.get(target.subscriptionId) : undefined,
      ]);
      const gateway = { id: target.id, tags: target.tags ?? {}, siteTags: sites };
      const listed = connections.flatMap((c) => projectVwanConnection(c, gateway).map((observation) => ({ observation, connection: asObject(c)! })));
      const missing = listed.filter((l) => l.observation.status === undefined);
      const fixed = await mapLimit(missing, options.concurrency, async ({ observation, connection }) => {
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
    const fixed = await mapLimit(missing, options.concurrency, async (observation) => {
      const [body] = await call('VirtualNetworkGatewayConnections_Get', observation.topology.id, (o) => client.virtualNetworkGatewayConnections.get(target.resourceGroup, observation.topology.connection, o));
      return projectClassicConnection(body) ?? observation;
    });
    const byId = new Map(fixed.map((o) => [normalizeArmId(o.topology.id), o]));
    return { observations: listed.map((l) => byId.get(normalizeArmId(l.topology.id)) ?? l), fallbackReads: missing.length };
  };

  const isClassic = (id: string): boolean => parseArmId(id)?.resources[0]?.[0].toLowerCase() === 'connections';
  const snapshot = (o: LinkObservation): LinkSnapshot => buildSnapshot(o, undefined, now());

  const readLink = async (linkId: string): Promise<LinkSnapshot | undefined> => {
    const { sub, rg, names: n } = names(linkId);
    const client = sdk(sub);
    try {
      if (isClassic(linkId)) {
        const [body] = await call('VirtualNetworkGatewayConnections_Get', linkId, (o) => client.virtualNetworkGatewayConnections.get(rg, n[0]!, o));
        const observation = projectClassicConnection(body);
        return observation && snapshot(observation);
      }
      const [gw, conn, link] = n;
      const gatewayId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/vpnGateways/${gw}`;
      const [connection] = await call('VpnConnections_Get', linkId, (o) => client.vpnConnections.get(rg, gw!, conn!, o));
      const [linkBody] = await call('VpnSiteLinkConnections_Get', linkId, (o) => client.vpnSiteLinkConnections.get(rg, gw!, conn!, link!, o));
      const observation = projectVwanLink(linkBody, asObject(connection) ?? {}, { id: gatewayId });
      return observation && snapshot(observation);
    } catch (error) {
      if (error instanceof TunnelwatchError && error.code === 'ARM.NOT_FOUND') return undefined;
      throw error;
    }
  };

  /** The action URL of a link: vWAN link connection or classic connection, built from parsed names, not string surgery. */
  const actionUrl = (
    linkId: string,
    action: 'resetconnection' | 'getikesas',
  ): { operation: ArmOperationId; url: string } => {
    const { sub, rg, names: n } = names(linkId);
    const classic = isClassic(linkId);
    const e = encodeURIComponent;
    const resource = classic
      ? `connections/${e(n[0]!)}`
      : `vpnGateways/${e(n[0]!)}/vpnConnections/${e(n[1]!)}/vpnLinkConnections/${e(n[2]!)}`;
    const operation: ArmOperationId = classic
      ? action === 'resetconnection'
        ? 'VirtualNetworkGatewayConnections_ResetConnection'
        : 'VirtualNetworkGatewayConnections_GetIkeSas'
      : action === 'resetconnection'
        ? 'VpnLinkConnections_ResetConnection'
        : 'VpnLinkConnections_GetIkeSas';
    return {
      operation,
      url: `${options.endpoint}/subscriptions/${e(sub)}/resourceGroups/${e(rg)}/providers/Microsoft.Network/${resource}/${action}?api-version=${NETWORK_API}`,
    };
  };
  const startAction = (linkId: string, action: 'resetconnection' | 'getikesas'): Promise<ActionStart> => {
    let target: { operation: ArmOperationId; url: string };
    try {
      target = actionUrl(linkId, action);
    } catch (thrown) {
      const e = toArmError(thrown, action);
      return Promise.resolve({ outcome: 'refused', code: e.code, message: e.message, busy: false });
    }
    return startArmAction(send, target.operation, linkId, target.url);
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
    readTarget: (target) => readTarget(target),
    readPermissions: (scope) => readScopePermissions(rawList, scope),
    requestCounts: () => pacer.requestCounts(),
    throttles: () => pacer.throttled,
    readLink,
    readGatewayLinks: async (gatewayId) => {
      const p = parseArmId(gatewayId);
      if (!p?.resourceGroup) throw new TunnelwatchError('LINK.NOT_FOUND', `'${gatewayId}' is not a gateway id`);
      const classic = p.resources[0]?.[0].toLowerCase() === 'virtualnetworkgateways';
      const target: PollTarget = classic ? classicTarget(p.subscriptionId, p.resourceGroup) : { kind: 'vpnGateway', id: gatewayId, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup };
      const { observations } = await readTarget(target, false);
      return observations.filter((o) => !classic || normalizeArmId(o.topology.gatewayId) === normalizeArmId(gatewayId)).map(snapshot);
    },
    readGatewayProvisioningState: async (gatewayId) => {
      const { sub, rg, names: n } = names(gatewayId);
      const type = parseArmId(gatewayId)?.resources[0]?.[0].toLowerCase();
      if (type !== 'vpngateways' && type !== 'virtualnetworkgateways') return undefined;
      const [body] =
        type === 'vpngateways'
          ? await call('VpnGateways_Get', gatewayId, (o) => sdk(sub).vpnGateways.get(rg, n[0]!, o))
          : await call('VirtualNetworkGateways_Get', gatewayId, (o) => sdk(sub).virtualNetworkGateways.get(rg, n[0]!, o));
      return asString(asObject(asObject(body)?.properties)?.provisioningState, 64);
    },
    getIkeSas: async (linkId, timeoutMs) => {
      // Evidence only: one POST, status reads within the bound, then the result; any failure is just "unavailable".
      const deadline = now() + timeoutMs;
      const started = await startAction(linkId, 'getikesas');
      if (started.outcome !== 'accepted') return `unavailable (${started.code})`;
      if (started.done) return summarizeIkeSas(started.result);
      const progress = await trackArmOperation(
        send,
        started.operationToken,
        Math.max(0, deadline - now()),
        track,
      );
      if (progress.state === 'running') return `unavailable (still running after ${timeoutMs} ms)`;
      if (progress.state !== 'succeeded') return `unavailable (${progress.code})`;
      try {
        return summarizeIkeSas(await readArmOperationResult(send, started.operationToken));
      } catch (error) {
        return `unavailable (${toArmError(error, 'GetIkeSas result').code})`;
      }
    },
    startReset: (linkId) => startAction(linkId, 'resetconnection'),
    trackReset: (operationToken, timeoutMs) => trackArmOperation(send, operationToken, timeoutMs, track),
  };
}

/** The api-version of the Microsoft.Network operations (reference/arm/OPERATIONS.md). */
const NETWORK_API = '2026-01-01';

function groupPath(target: PollTarget): string {
  return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(target.resourceGroup)}`;
}

/** Trusts exactly the given PEM for this client's requests (TW_ARM_CA_FILE), instead of disabling TLS checks. */
function caPolicy(caPem: string): PipelinePolicy {
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  return {
    name: 'tunnelwatchTrustCa',
    sendRequest: (request, next) => {
      request.agent = agent;
      return next(request);
    },
  };
}
