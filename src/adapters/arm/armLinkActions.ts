import type { ActionStart, IkeSasEvidence, NetworkActions, PermissionReader } from '../../app/ports';
import { normalizeArmId, parseArmId } from '../../core/ids/armId';
import { buildSnapshot } from '../../core/snapshot/buildSnapshot';
import { TunnelwatchError } from '../../core/errors';
import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import type { PollTarget } from '../../core/polling/pollTarget';
import { projectClassicConnection, projectVwanLink, type LinkObservation } from '../../core/snapshot/projectLink';
import { asObject, asString } from '../../core/snapshot/rawValues';
import { toArmError } from './armErrors';
import { classicTarget, type ArmFleetReader } from './armFleetReader';
import { readArmOperationResult, startArmAction, trackArmOperation } from './armLongRunning';
import type { ArmOperationId } from './armOperations';
import { readScopePermissions } from './armPermissions';
import { NETWORK_API, type ArmTransport } from './armTransport';
import { summarizeIkeSas } from './summarizeIkeSas';

export interface ArmLinkActionsOptions {
  /** Interval between LRO status polls when ARM sends no Retry-After (LRO.md leaves it to the client). */
  readonly lroPollIntervalMs?: number;
  readonly now?: () => number;
  /** Waits between LRO status polls (injected by tests that run on a virtual clock). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Remediation's view of ARM: fresh reads of a link and its gateway, IKE SA evidence, the ResetConnection POST
 * (sent exactly once, through `transport.send`) and the tracking of its operation, and the permission read.
 */
export function createArmLinkActions(
  transport: ArmTransport,
  fleet: Pick<ArmFleetReader, 'readTargetWithoutSiteTags'>,
  options: ArmLinkActionsOptions = {},
): NetworkActions & PermissionReader {
  const { sdk, call, names, send, rawList } = transport;
  const now = options.now ?? ((): number => Date.now());
  const track = {
    defaultPollMs: options.lroPollIntervalMs ?? 10_000,
    now,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
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
      url: `${transport.endpoint}/subscriptions/${e(sub)}/resourceGroups/${e(rg)}/providers/Microsoft.Network/${resource}/${action}?api-version=${NETWORK_API}`,
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

  return asRemediation(transport, {
    readPermissions: (scope) => readScopePermissions(rawList, scope),
    readLink,
    readGatewayLinks: async (gatewayId) => {
      const p = parseArmId(gatewayId);
      if (!p?.resourceGroup) throw new TunnelwatchError('LINK.NOT_FOUND', `'${gatewayId}' is not a gateway id`);
      const classic = p.resources[0]?.[0].toLowerCase() === 'virtualnetworkgateways';
      const target: PollTarget = classic ? classicTarget(p.subscriptionId, p.resourceGroup) : { kind: 'vpnGateway', id: gatewayId, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup };
      const { observations } = await fleet.readTargetWithoutSiteTags(target);
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
      // Evidence only: one POST, status reads within the bound (Retry-After honoured), then the result.
      const deadline = now() + timeoutMs;
      const unavailable = (reason: string): IkeSasEvidence => ({ outcome: 'unavailable', reason });
      const started = await startAction(linkId, 'getikesas');
      if (started.outcome !== 'accepted') return unavailable(started.code);
      if (started.done) return { outcome: 'collected', summary: summarizeIkeSas(started.result) };
      const progress = await trackArmOperation(send, started.operationToken, Math.max(0, deadline - now()), track);
      if (progress.state === 'running') return unavailable(`still running after ${timeoutMs} ms`);
      if (progress.state !== 'succeeded') return unavailable(progress.code);
      try {
        return { outcome: 'collected', summary: summarizeIkeSas(await readArmOperationResult(send, started.operationToken)) };
      } catch (error) {
        return unavailable(toArmError(error, 'GetIkeSas result').code);
      }
    },
    startReset: (linkId) => startAction(linkId, 'resetconnection'),
    trackReset: (operationToken, timeoutMs) => trackArmOperation(send, operationToken, timeoutMs, track),
  });
}

/** Every ARM read a link action sends is a remediation read: ahead of poll reads, allowed the reserved share. */
function asRemediation<T extends object>(transport: ArmTransport, actions: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, action] of Object.entries(actions)) {
    wrapped[name] = typeof action === 'function' ? (...args: unknown[]) => transport.pacer.asClass('remediation', () => Promise.resolve((action as (...a: unknown[]) => unknown)(...args))) : action;
  }
  return wrapped as T;
}
