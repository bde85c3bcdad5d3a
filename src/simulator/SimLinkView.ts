import type { HuaweiStatus } from './huawei/huaweiModel';
import type { LinkStatus, Scenario, Traffic } from './tunnelState';

/** A link of `GET /_sim/links`: a vWAN link connection, a classic connection or a Huawei VPN connection. */
export interface SimLinkView {
  readonly id: string;
  readonly kind: 'vwan' | 'classic' | 'huawei';
  /** Huawei connections answer in Huawei's words (ACTIVE, DOWN, …). */
  readonly status: LinkStatus | HuaweiStatus;
  readonly scenario: Scenario;
  /** Addition: an idle link is Connected but its counters do not move. */
  readonly traffic: Traffic;
  readonly ingressBytes: bigint;
  readonly egressBytes: bigint;
  readonly resets: number;
  /** Additions: the gateway the tunnel belongs to, the classic connection type, the vWAN link mode. */
  readonly gatewayId: string;
  readonly connectionType?: string;
  readonly mode?: string;
  /** Huawei connections only (HuaweiLinkView). */
  readonly region?: string;
  readonly projectId?: string;
  readonly connectionId?: string;
  readonly name?: string;
  /** Huawei: `vgw_ip` as the API renders it (the EIP id of a public gateway). */
  readonly vgwIp?: string;
  readonly pairedLinkId?: string;
  readonly haRole?: 'master' | 'slave';
  readonly partnerId?: string;
}
