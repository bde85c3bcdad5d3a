import { huaweiGatewayId } from '../../core/huawei/huaweiId';
import type { SimLinkView } from '../SimLinkView';
import { SimulatorInputError } from '../SimulatorInputError';
import { LINK_STATUSES, type LinkStatus } from '../tunnelState';
import { huaweiStatusOf, type HuaweiStatus, type SimHuaweiConnection } from './huaweiModel';

/** The control API's view of a Huawei connection (`GET /_sim/links`): status in Huawei's words, byte counters 0 (Huawei's API has none). */
export type HuaweiLinkView = SimLinkView & {
  readonly kind: 'huawei';
  readonly status: HuaweiStatus;
  readonly region: string;
  readonly projectId: string;
  readonly connectionId: string;
  readonly name: string;
  /** `ha_role` as rendered: master (active) or slave (standby). */
  readonly haRole: 'master' | 'slave';
  /** The other connection of an active-standby pair (tunnelwatch id); absent when not in a pair. */
  readonly partnerId?: string;
  readonly vgwIp: string;
};

export function huaweiLinkView(connection: SimHuaweiConnection, resets: number, now: number, partner?: SimHuaweiConnection): HuaweiLinkView {
  return {
    id: connection.id,
    kind: 'huawei',
    status: huaweiStatusOf(connection, now),
    scenario: connection.tunnel.scenario(),
    traffic: connection.tunnel.traffic(),
    ingressBytes: 0n,
    egressBytes: 0n,
    resets,
    gatewayId: huaweiGatewayId(connection, connection.vgwId),
    region: connection.region,
    projectId: connection.projectId,
    connectionId: connection.connectionId,
    name: connection.name,
    haRole: connection.haRole,
    ...(partner === undefined ? {} : { partnerId: partner.id }),
    // As the API renders it: the id of the gateway EIP, not its address.
    vgwIp: connection.eipId,
    ...(connection.pairedLinkId === undefined ? {} : { pairedLinkId: connection.pairedLinkId }),
  };
}

/**
 * A status for a Huawei connection: Huawei's words (ACTIVE and DOWN drive the tunnel; ERROR, FREEZED and PENDING_*
 * hold the connection there until another status, a scenario or a successful reset replaces them) or the tunnel
 * state machine's (Connected, NotConnected, …).
 */
export function setHuaweiStatus(connection: SimHuaweiConnection, status: LinkStatus | HuaweiStatus, now: number): void {
  connection.held = undefined;
  connection.pendingUntil = undefined;
  if ((LINK_STATUSES as readonly string[]).includes(status)) return connection.tunnel.setStatus(status as LinkStatus, now);
  if (status === 'ACTIVE') return connection.tunnel.setStatus('Connected', now);
  if (status === 'DOWN') return connection.tunnel.setStatus('NotConnected', now);
  connection.tunnel.setStatus('NotConnected', now);
  connection.held = status as Exclude<HuaweiStatus, 'ACTIVE' | 'DOWN'>;
}

/** Azure links only know the state machine's words. */
export function asAzureStatus(status: LinkStatus | HuaweiStatus): LinkStatus {
  if (!(LINK_STATUSES as readonly string[]).includes(status)) {
    throw new SimulatorInputError(`status '${status}' is a Huawei status; an Azure link takes ${LINK_STATUSES.join(', ')}`);
  }
  return status as LinkStatus;
}

/** `ha_role` of a Huawei connection (control API); an Azure link has none. */
export function setHaRole(owner: { readonly kind: string }, haRole: 'master' | 'slave'): void {
  if (owner.kind !== 'huawei') throw new SimulatorInputError(`'haRole' applies to Huawei connections only`);
  (owner as SimHuaweiConnection).haRole = haRole;
}
