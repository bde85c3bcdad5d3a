import type { ActionStart, IkeSasEvidence, NetworkActions, OperationProgress } from '../../app/ports';
import { buildSnapshot } from '../../core/snapshot/buildSnapshot';
import { errorCode, TunnelwatchError } from '../../core/errors';
import { parseHuaweiId } from '../../core/huawei/huaweiId';
import { projectHuaweiConnection } from '../../core/huawei/projectHuaweiConnection';
import { summarizeHuaweiIpsecSas } from '../../core/huawei/summarizeHuaweiIpsecSas';
import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import { asObject, asString } from '../../core/snapshot/rawValues';
import { huaweiAnswerError, isHuaweiBusy, retryAfterMs } from './huaweiErrors';
import { connectionRef, listProject, readCustomerGateways, readVpnGateways, refOf } from './huaweiFleetReader';
import type { HuaweiAnswer, HuaweiVpnClient } from './huaweiVpnClient';

export interface HuaweiLinkActionsOptions {
  readonly downStatuses: readonly string[];
  readonly now?: () => number;
}

const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Remediation's view of Huawei Cloud: fresh reads of a connection and of its VPN gateway's connections, and the reset
 * POST, sent exactly once. Huawei's reset is synchronous (200 { request_id }, no operation to poll), so an accepted
 * reset is done and tracking it sends nothing: the post-check's fresh read is what confirms recovery.
 */
export function createHuaweiLinkActions(client: HuaweiVpnClient, options: HuaweiLinkActionsOptions): NetworkActions {
  const now = options.now ?? ((): number => Date.now());
  const { downStatuses } = options;

  const listGateway = async (gatewayId: string): Promise<LinkSnapshot[]> => {
    const parsed = parseHuaweiId(gatewayId);
    if (parsed?.type !== 'vpnGateways' || parsed.name === undefined) throw new TunnelwatchError('LINK.NOT_FOUND', `'${gatewayId}' is not a Huawei VPN gateway id`);
    const observations = await listProject(client, refOf(gatewayId), downStatuses, parsed.name);
    const nowMs = now();
    return observations.map((o): LinkSnapshot => buildSnapshot(o, undefined, nowMs));
  };
  // Remediation asks for a gateway's links and its provisioning state together: both answer from one list.
  const inFlight = new Map<string, Promise<LinkSnapshot[]>>();
  const gatewayLinks = (gatewayId: string): Promise<LinkSnapshot[]> => {
    const pending = inFlight.get(gatewayId);
    if (pending) return pending;
    const listed = listGateway(gatewayId).finally(() => inFlight.delete(gatewayId));
    inFlight.set(gatewayId, listed);
    return listed;
  };

  return {
    readLink: async (linkId) => {
      const { ref, connectionId } = connectionRef(linkId);
      const [body, customerGateways, vpnGateways] = await Promise.all([
        client.getConnection(ref, connectionId),
        readCustomerGateways(client, ref),
        readVpnGateways(client, ref),
      ]);
      if (body === undefined) return undefined;
      const observation = projectHuaweiConnection(body, { ref, customerGatewayIps: customerGateways.ips, customerGatewayNames: customerGateways.names, vpnGateways, downStatuses });
      return observation && buildSnapshot(observation, undefined, now());
    },
    readGatewayLinks: (gatewayId) => gatewayLinks(gatewayId),
    // Not a VPN gateway read (that needs one more IAM action, vpn:vpnGateways:get): Huawei shows a gateway it is
    // changing on its connections (PENDING_*), so the gateway is Updating while any of its connections is, Succeeded
    // otherwise, and unknown (absent: no reset) when it has no connection to read.
    readGatewayProvisioningState: async (gatewayId) => {
      const links = await gatewayLinks(gatewayId);
      if (links.length === 0) return undefined;
      // A sibling whose provisioning failed (ERROR) is its own problem, not a change in progress on the gateway.
      return links.find((l) => l.provisioningState === 'Updating' || l.provisioningState === 'Deleting')?.provisioningState ?? 'Succeeded';
    },
    getIkeSas: (linkId) => ipsecSaEvidence(client, linkId),
    startReset: async (linkId) => {
      let target: ReturnType<typeof connectionRef>;
      try {
        target = connectionRef(linkId);
      } catch (thrown) {
        const e = thrown as TunnelwatchError;
        return { outcome: 'refused', code: e.code, message: e.message, busy: false };
      }
      let answer: HuaweiAnswer;
      try {
        answer = await client.resetConnection(target.ref, target.connectionId);
      } catch (thrown) {
        const e = thrown instanceof TunnelwatchError ? thrown : new TunnelwatchError('HUAWEI.UNAVAILABLE', 'Huawei_ResetVpnConnection: request failed', true);
        // Nothing was sent when the endpoint is unusable; otherwise there was no answer (timeout, dropped connection)
        // and Huawei may have reset the connection before the failure.
        if (e.code === 'CONFIG.INVALID') return { outcome: 'refused', code: e.code, message: e.message, busy: false };
        return { outcome: 'unknown', code: e.code, message: e.message };
      }
      return classifyResetAnswer(linkId, answer, now());
    },
    trackReset: (operationToken): Promise<OperationProgress> => {
      if (!isResetToken(operationToken)) return Promise.reject(new TunnelwatchError('REQUEST.INVALID', 'operation token is not one this adapter issued'));
      return Promise.resolve({ state: 'succeeded' });
    },
  };
}

/**
 * What Huawei's answer to the reset POST means. 200 is a reset done (synchronous); 429 (throttled), 400 `VPN.0030`
 * (system busy) and 400 `VPN.0031` (repeated operation), and a 409 should one ever come, are *busy*: refusals worth
 * retrying after a back-off, the attempt not counted; any other 4xx is a refusal; a 5xx or anything unexpected is
 * unknown, because Huawei may have reset the connection before failing (ARCHITECTURE.md principle 7).
 */
export function classifyResetAnswer(linkId: string, answer: HuaweiAnswer, nowMs: number): ActionStart {
  if (answer.status >= 200 && answer.status < 300) {
    const requestId = asString(asObject(answer.body)?.request_id, 64)?.replace(/[^A-Za-z0-9_-]/g, '') || 'accepted';
    return { outcome: 'accepted', operationToken: `${linkId}/resets/${requestId}`, done: true };
  }
  const e = huaweiAnswerError('Huawei_ResetVpnConnection', answer.status, answer.body);
  if (answer.status >= 400 && answer.status < 500) {
    const busy = answer.status === 429 || answer.status === 409 || isHuaweiBusy(answer.status, answer.body);
    const after = busy ? retryAfterMs(answer.header('retry-after'), nowMs, MAX_RETRY_AFTER_MS) : undefined;
    return { outcome: 'refused', code: e.code, message: e.message, busy, ...(after !== undefined && { retryAfterMs: after }) };
  }
  return { outcome: 'unknown', code: e.code, message: e.message };
}

/**
 * Huawei's counterpart of GetIkeSas: the connection's IPsec SAs (ListConnectionIpsecSa), allow-listed, as evidence
 * in the audit before a reset. Evidence only: a connection or region without the read (404), an identity without the
 * permission (403) or any other failure is "no evidence" with its code, never a failure of the remediation.
 */
export async function ipsecSaEvidence(client: HuaweiVpnClient, linkId: string): Promise<IkeSasEvidence> {
  try {
    const { ref, connectionId } = connectionRef(linkId);
    const items = await client.listIpsecSas(ref, connectionId);
    return items === undefined
      ? { outcome: 'unavailable', reason: 'no evidence (HUAWEI.NOT_FOUND: no ipsec-sa read for this connection or region)' }
      : { outcome: 'collected', summary: summarizeHuaweiIpsecSas(items) };
  } catch (thrown) {
    return { outcome: 'unavailable', reason: `no evidence (${errorCode(thrown)})` };
  }
}

/** `{Huawei connection id}/resets/{request id}`: a Huawei id, so the provider router sends it back here. */
function isResetToken(token: string): boolean {
  const at = token.lastIndexOf('/resets/');
  return at > 0 && parseHuaweiId(token.slice(0, at))?.type === 'vpnConnections' && /^[A-Za-z0-9_-]+$/.test(token.slice(at + '/resets/'.length));
}
