import type { LinkStatus, TunnelState } from '../tunnelState';

import type { HuaweiStatus } from '../../core/huawei/huaweiStatus';

/** Huawei VPN connection statuses (ListVpnConnections' `status`): the product's own list. */
export { HUAWEI_STATUSES, type HuaweiStatus } from '../../core/huawei/huaweiStatus';
/** Statuses a connection is held in (set from the control API); the tunnel state machine has no words for them. */
export type HeldHuaweiStatus = Exclude<HuaweiStatus, 'ACTIVE' | 'DOWN'>;

export interface HuaweiTag {
  readonly key: string;
  readonly value: string;
}

/** A customer gateway (`/v5/{project_id}/customer-gateways`): the other end's device and its public IP. */
export interface SimHuaweiCustomerGateway {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly createdAt: string;
}

/** An elastic IP of a VPN gateway: Huawei names it by id on connections (`vgw_ip`) and by address on the gateway. */
export interface SimHuaweiEip {
  readonly id: string;
  readonly ip: string;
}

/** A public VPN gateway (`/v5/{project_id}/vpn-gateways`): its name and one or two EIPs (eip1, eip2). */
export interface SimHuaweiVpnGateway {
  readonly id: string;
  readonly name: string;
  readonly eips: readonly SimHuaweiEip[];
  /** `ha_mode` as rendered; absent: active-active. */
  readonly haMode?: 'active-active' | 'active-standby';
  readonly createdAt: string;
}

/** One Huawei VPN connection: a tunnel between a VPN gateway (vgw) and a customer gateway (cgw). */
export interface SimHuaweiConnection {
  readonly kind: 'huawei';
  /** The tunnelwatch id (huaweiConnectionId): the control API's link id. */
  readonly id: string;
  /** Huawei's own id (a UUID). */
  readonly connectionId: string;
  readonly name: string;
  readonly region: string;
  readonly projectId: string;
  readonly vgwId: string;
  /** The address of the gateway EIP the connection is built on (the gateway renders it, the connection does not). */
  readonly vgwIp: string;
  /** That EIP's id: what the connection renders as `vgw_ip` (Huawei's public gateways name the EIP, not its address). */
  readonly eipId: string;
  readonly customerGateway: SimHuaweiCustomerGateway;
  /** Stored like Huawei stores it; never rendered (Huawei's reads do not return it). */
  readonly psk: string;
  tags: readonly HuaweiTag[];
  readonly createdAt: string;
  updatedAt: string;
  /** ERROR, UNKNOWN, FREEZED or PENDING_* set from the control API; wins over the tunnel's state until cleared. */
  held?: HeldHuaweiStatus;
  /** Until when an accepted reset shows the connection as PENDING_UPDATE (epoch ms); absent when no reset is under way. */
  pendingUntil?: number;
  /** `ha_role`: master (active) or slave (standby, on an active-standby VPN gateway). */
  haRole: 'master' | 'slave';
  readonly tunnel: TunnelState;
  /** When paired: the Azure vWAN link that is the other end of this tunnel. */
  readonly pairedLinkId?: string;
}

/** The tunnel state machine's words in Huawei's: a tunnel negotiating after a reset is still DOWN, as the console shows. */
export function huaweiStatusOf(connection: SimHuaweiConnection, now: number): HuaweiStatus {
  if (connection.held !== undefined) return connection.held;
  if (connection.pendingUntil !== undefined && now < connection.pendingUntil) return 'PENDING_UPDATE';
  return toHuaweiStatus(connection.tunnel.status(now));
}

export function toHuaweiStatus(status: LinkStatus): HuaweiStatus {
  switch (status) {
    case 'Connected':
      return 'ACTIVE';
    case 'Connecting':
    case 'NotConnected':
      return 'DOWN';
    case 'Unknown':
      return 'UNKNOWN';
  }
}
