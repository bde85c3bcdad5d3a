/**
 * What tunnelwatch knows about one VPN link at one poll: an allow-list projection of the ARM model
 * (ARCHITECTURE.md principle 4). Nothing here may ever hold `sharedKey` or another secret.
 */
/** vWAN link connection, classic VNet gateway connection, or Huawei Cloud VPN connection. */
export type LinkKind = 'vwan' | 'classic' | 'huawei';

/** The four values ARM documents; anything else is kept as reported and treated as "unknown, not connected". */
export const KNOWN_STATUSES = ['Connected', 'Connecting', 'NotConnected', 'Unknown'] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

/**
 * Where a link's status came from: the list itself, a GET of the link, its byte counters growing (so it was up), or
 * an Azure Monitor tunnel metric above zero (up at that bucket's end).
 */
export const STATUS_SOURCES = ['list', 'get', 'traffic', 'metrics'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/** Status evidence of a link, kept on every snapshot and in link state. */
export interface StatusEvidenceFields {
  /** How the status (or, when unconfirmed, the last confirmed one) was learnt; absent until first confirmed. */
  readonly statusSource?: StatusSource;
  /** When the status was last confirmed (ISO 8601); absent until first confirmed. */
  readonly statusAt?: string;
  /** Set when the status could not be confirmed within the max age: `unconfirmed: budget|throttled|forbidden|error`. */
  readonly statusReason?: string;
  /** First poll whose counters had not grown since the previous one; absent while they grow (or before known). */
  readonly countersStoppedAt?: string;
}

export interface LinkTopology {
  /** ARM id of the link connection (vWAN) or of the classic connection. */
  readonly id: string;
  /** URL-safe key derived from `id` (linkKeyFromId). */
  readonly key: string;
  readonly kind: LinkKind;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** Gateway name and id: the vpnGateway (vWAN) or virtualNetworkGateway1 (classic). */
  readonly gateway: string;
  readonly gatewayId: string;
  /** VPN connection (vWAN) or classic connection name and id. */
  readonly connection: string;
  readonly connectionId: string;
  /** Link connection name (vWAN); equal to the connection name for classic connections. */
  readonly link: string;
  /** Remote VPN site (vWAN) or local network gateway / peer gateway (classic), by name. */
  readonly site?: string;
  /** Remote VPN site link (vWAN only), by name. */
  readonly siteLink?: string;
  /** Classic only: IPsec, Vnet2Vnet, ExpressRoute, VPNClient. */
  readonly connectionType?: string;
  /** Huawei only: region (e.g. ap-southeast-1) and project id; subscriptionId holds the project id, resourceGroup the region. */
  readonly region?: string;
  readonly projectId?: string;
  /** Huawei only: the VPN gateway (vgw_id; gateway/gatewayId name it too) and the customer gateway (cgw_id). */
  readonly vgwId?: string;
  readonly cgwId?: string;
  /** Huawei only: the VPN gateway's name (the gateway list); absent until known, then views show it over the id. */
  readonly gatewayName?: string;
  /**
   * Huawei only: `ha_role` of a connection on an active-standby VPN gateway, `master` (active) or `slave` (standby);
   * active-active gateways' connections are all `master`. Absent when Huawei did not say.
   */
  readonly haRole?: 'master' | 'slave';
  /**
   * Public IPs of this end of the tunnel: the Azure VPN gateway's instance IPs (vWAN), the address of the Huawei VPN
   * gateway EIP that vgw_ip names (or vgw_ip itself on a private gateway). With `remoteAddress` (the other end: the VPN site link's ipAddress, the Huawei customer gateway's ip)
   * they pair the two ends of one tunnel across providers (matchPeers). Absent when not known.
   */
  readonly localAddresses?: readonly string[];
  readonly remoteAddress?: string;
}

export interface LinkConfiguration {
  /** vpnLinkConnectionMode (vWAN) or connectionMode (classic): Default, InitiatorOnly, ResponderOnly. */
  readonly mode?: string;
  readonly protocol?: string;
  readonly bandwidthMbps?: number;
  readonly bgp?: boolean;
  readonly dpdTimeoutSeconds?: number;
}

export interface LinkSnapshot extends LinkTopology, LinkConfiguration, StatusEvidenceFields {
  /** connectionStatus as reported ("Unknown" when the property is absent); Huawei: mapped by mapHuaweiStatus. */
  readonly status: string;
  /** The provider's own status word when it differs from `status` (Huawei: ACTIVE, DOWN, ERROR, FREEZED, …). */
  readonly providerStatus?: string;
  readonly provisioningState?: string;
  /** Byte counters as exact decimal strings: they are int64 and may exceed 2^53. */
  readonly ingressBytes: string;
  readonly egressBytes: string;
  /** Derived from the previous snapshot; absent on the first one. Never negative. */
  readonly ingressBps?: number;
  readonly egressBps?: number;
  /** True when a counter went backwards since the previous snapshot: the tunnel restarted. */
  readonly counterRestart?: boolean;
  /** ISO 8601 time of the poll that produced this snapshot. */
  readonly polledAt: string;
}
