/**
 * One unit of polling work: the smallest thing ARM lists with connection status in one (paged) call.
 * vWAN: a VPN gateway (VpnConnections_ListByVpnGateway). Classic: a resource group's connections
 * (VirtualNetworkGatewayConnections_List), because ARM has no list of classic connections per gateway that
 * carries their status. Serialisable: poll shards carry targets on a queue.
 */
export interface PollTarget {
  readonly kind: 'vpnGateway' | 'classicGroup' | 'huaweiProject';
  /**
   * Gateway id (vWAN), resource group id (classic) or Huawei scope id (`/huawei/regions/{region}/projects/{project}`:
   * Huawei lists a project's VPN connections in one paged call); failures are reported under this id.
   */
  readonly id: string;
  /** Huawei: the project id. */
  readonly subscriptionId: string;
  /** Huawei: the region. */
  readonly resourceGroup: string;
  /** Gateway tags (vWAN), defaults under the tags of each connection's VPN site. */
  readonly tags?: Readonly<Record<string, string>>;
  /** vWAN: the gateway's public IPs when discovery's body carried them (ipConfigurations; not the generic list). */
  readonly localAddresses?: readonly string[];
  /** vWAN: the gateway's Azure region (its metrics are read from that region's endpoint); absent when not known. */
  readonly location?: string;
}
