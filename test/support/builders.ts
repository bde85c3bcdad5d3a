import type { LinkSnapshot } from '../../src/core/snapshot/linkSnapshot';
import type { LinkState } from '../../src/core/linkState/linkState';
import { linkKeyFromId } from '../../src/core/ids/linkKey';
import type { RemediationRequest } from '../../src/core/remediation/remediationRequest';

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
export const RG = `${SUB}/resourceGroups/rg-vpn`;
export const NOW = new Date('2025-04-15T12:00:00.000Z');

export const gatewayId = (gw = 'gw1'): string => `${RG}/providers/Microsoft.Network/vpnGateways/${gw}`;
export const linkId = (gw = 'gw1', connection = 'conn1', link = 'link1'): string =>
  `${gatewayId(gw)}/vpnConnections/${connection}/vpnLinkConnections/${link}`;

/** A vWAN link snapshot polled at `now`; fields derive from `id`, so overriding the id gives a consistent link. */
export function buildSnapshot(overrides: Partial<LinkSnapshot> = {}, now: Date = NOW): LinkSnapshot {
  const id = overrides.id ?? linkId();
  const gw = overrides.gatewayId ?? id.split('/vpnConnections/')[0]!;
  return {
    id,
    key: linkKeyFromId(id),
    kind: 'vwan',
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg-vpn',
    gateway: gw.split('/').at(-1)!,
    gatewayId: gw,
    connection: id.split('/vpnConnections/')[1]?.split('/')[0] ?? 'conn1',
    connectionId: id.split('/vpnLinkConnections/')[0]!,
    link: id.split('/').at(-1)!,
    status: 'NotConnected',
    provisioningState: 'Succeeded',
    ingressBytes: '0',
    egressBytes: '0',
    mode: 'Default',
    polledAt: now.toISOString(),
    ...overrides,
  };
}

/** A link's state as the poller leaves it at `now`: by default down for 10 minutes with an open incident. */
export function buildLinkState(overrides: Partial<LinkState> = {}, now: Date = NOW): LinkState {
  const snapshot = buildSnapshot(overrides, now);
  return {
    ...snapshot,
    statusSince: new Date(now.getTime() - 10 * 60_000).toISOString(),
    downSince: new Date(now.getTime() - 10 * 60_000).toISOString(),
    lastPolledAt: now.toISOString(),
    incidentId: 'inc-poller-1',
    overrides: {},
    ...overrides,
  };
}

export function buildRequest(overrides: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    v: 1,
    requestId: 'req-1',
    kind: 'remediate',
    linkId: linkId(),
    source: 'poller',
    incidentId: 'inc-poller-1',
    requestedAt: NOW.toISOString(),
    ...overrides,
  };
}
