import type { FleetReader } from '../app/monitoring/monitoringPorts';
import type { NetworkActions, OperationProgress } from '../app/ports';
import { normalizeArmId, parseArmId } from '../core/armId';
import { buildSnapshot } from '../core/buildSnapshot';
import { TunnelwatchError } from '../core/errors';
import type { LinkSnapshot } from '../core/linkSnapshot';
import type { PollTarget } from '../core/pollTarget';
import { projectClassicConnection, projectVwanLink, type LinkObservation } from '../core/projectLink';
import { asObject, asString } from '../core/rawValues';
import { toArmError } from './armErrors';
import { classicTarget } from './armFleetReader';
import type { ArmOperationId } from './armOperations';
import type { ArmTransport } from './armTransport';
import { summarizeIkeSas } from './summarizeIkeSas';

export interface ArmLinkActionsOptions {
  /** Interval between LRO polls when ARM sends no Retry-After. */
  readonly lroPollIntervalMs?: number;
  readonly now?: () => number;
}

/**
 * Remediation's view of ARM: fresh reads of a link and its gateway, IKE SA evidence, and the ResetConnection LRO
 * with its resume token (the reset is POSTed by `reset` below, through `transport.call`).
 */
export function createArmLinkActions(transport: ArmTransport, fleet: Pick<FleetReader, 'readTarget'>, options: ArmLinkActionsOptions = {}): NetworkActions {
  const { sdk, call, names, pacer } = transport;
  const now = options.now ?? ((): number => Date.now());
  const readTarget = (target: PollTarget): ReturnType<FleetReader['readTarget']> => fleet.readTarget(target);

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

  type Poller = { toString(): string; isDone(): boolean; pollUntilDone(o?: { abortSignal?: AbortSignal }): Promise<unknown>; getOperationState(): { status: string; error?: Error } };
  const reset = async (linkId: string, resumeFrom?: string): Promise<Poller> => {
    const { sub, rg, names: n } = names(linkId);
    const client = sdk(sub);
    const lro = { updateIntervalInMs: options.lroPollIntervalMs ?? 2000, ...(resumeFrom && { resumeFrom }) };
    const operation: ArmOperationId = isClassic(linkId) ? 'VirtualNetworkGatewayConnections_ResetConnection' : 'VpnLinkConnections_ResetConnection';
    let poller: Poller | undefined;
    await call(operation, linkId, async () => {
      poller = isClassic(linkId)
        ? await client.virtualNetworkGatewayConnections.beginResetConnection(rg, n[0]!, lro)
        : await client.vpnLinkConnections.beginResetConnection(rg, n[0]!, n[1]!, n[2]!, lro);
    });
    return poller!;
  };

  return {
    readLink,
    readGatewayLinks: async (gatewayId) => {
      const p = parseArmId(gatewayId);
      if (!p?.resourceGroup) throw new TunnelwatchError('LINK.NOT_FOUND', `'${gatewayId}' is not a gateway id`);
      const classic = p.resources[0]?.[0].toLowerCase() === 'virtualnetworkgateways';
      const target: PollTarget = classic ? classicTarget(p.subscriptionId, p.resourceGroup) : { kind: 'vpnGateway', id: gatewayId, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup };
      const { observations } = await readTarget(target);
      return observations.filter((o) => !classic || normalizeArmId(o.topology.gatewayId) === normalizeArmId(gatewayId)).map(snapshot);
    },
    readGatewayProvisioningState: async (gatewayId) => {
      const { sub, rg, names: n } = names(gatewayId);
      // Classic virtual network gateways would need VirtualNetworkGateways_Get, which is not in the role: unknown.
      if (parseArmId(gatewayId)?.resources[0]?.[0].toLowerCase() !== 'vpngateways') return undefined;
      const [body] = await call('VpnGateways_Get', gatewayId, (o) => sdk(sub).vpnGateways.get(rg, n[0]!, o));
      return asString(asObject(asObject(body)?.properties)?.provisioningState, 64);
    },
    getIkeSas: async (linkId, timeoutMs) => {
      const { sub, rg, names: n } = names(linkId);
      const client = sdk(sub);
      const operation: ArmOperationId = isClassic(linkId) ? 'VirtualNetworkGatewayConnections_GetIkeSas' : 'VpnLinkConnections_GetIkeSas';
      try {
        let result: unknown;
        await call(operation, linkId, async () => {
          const lro = { updateIntervalInMs: options.lroPollIntervalMs ?? 2000 };
          const poller = isClassic(linkId) ? await client.virtualNetworkGatewayConnections.beginGetIkeSas(rg, n[0]!, lro) : await client.vpnLinkConnections.beginGetIkeSas(rg, n[0]!, n[1]!, n[2]!, lro);
          result = await poller.pollUntilDone({ abortSignal: AbortSignal.timeout(timeoutMs) });
        });
        return summarizeIkeSas(result);
      } catch (error) {
        return `unavailable (${toArmError(error, operation).code})`;
      }
    },
    beginReset: async (linkId) => ({ resumeToken: encodeToken({ linkId, state: (await reset(linkId)).toString() }) }),
    waitForOperation: async (resumeToken, timeoutMs): Promise<OperationProgress> => {
      const { linkId, state } = decodeToken(resumeToken);
      const poller = await reset(linkId, state);
      try {
        await pacer.run('Network_Locations_OperationResults', () => poller.pollUntilDone({ abortSignal: AbortSignal.timeout(timeoutMs) }));
        return { state: 'succeeded' };
      } catch (error) {
        const status = poller.getOperationState().status;
        if (status === 'running' || status === 'notStarted') return { state: 'running', resumeToken: encodeToken({ linkId, state: poller.toString() }) };
        const e = toArmError(poller.getOperationState().error ?? error, 'ResetConnection');
        return { state: 'failed', code: e.code, message: e.message };
      }
    },
  };
}

function encodeToken(token: { linkId: string; state: string }): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeToken(text: string): { linkId: string; state: string } {
  try {
    const o = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { linkId?: unknown; state?: unknown };
    if (typeof o.linkId === 'string' && typeof o.state === 'string') return { linkId: o.linkId, state: o.state };
  } catch {
    // fall through
  }
  throw new TunnelwatchError('REQUEST.INVALID', 'resume token is not one this adapter issued');
}
