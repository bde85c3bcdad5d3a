import type { TunnelState } from './tunnelState';

/** The simulated resources. Ids keep ARM's canonical case; every index is keyed by the lower-cased id. */
export type Tags = Readonly<Record<string, string>>;

export interface SimVpnGateway {
  readonly kind: 'vpnGateway';
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly hubId: string;
  tags: Tags;
  readonly connections: SimVpnConnection[];
  readonly natRules: SimNatRule[];
  down: boolean;
}

export interface SimNatRule {
  readonly id: string;
  readonly name: string;
  readonly mode: 'IngressSnat' | 'EgressSnat';
  /** Link connection ids in URL form (`vpnLinkConnections`), as the examples reference them. */
  readonly linkIds: string[];
}

/** A VPN site (Microsoft.Network/vpnSites): one per branch, a top-level resource, so it carries tags. */
export interface SimVpnSite {
  readonly kind: 'vpnSite';
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  tags: Tags;
}

/** A child resource of its gateway: as in ARM, it has no tags (tag the site or the gateway). */
export interface SimVpnConnection {
  readonly kind: 'vpnConnection';
  readonly id: string;
  readonly name: string;
  readonly gateway: SimVpnGateway;
  readonly site: SimVpnSite;
  readonly links: SimVpnLink[];
}

export type LinkMode = 'Default' | 'ResponderOnly' | 'InitiatorOnly';

export interface SimVpnLink {
  readonly kind: 'vwan';
  readonly id: string;
  readonly name: string;
  readonly connection: SimVpnConnection;
  readonly siteLinkId: string;
  readonly mode: LinkMode;
  readonly bandwidthMbps: number;
  /** A recognisable random secret, returned in bodies as older api-versions did. */
  readonly sharedKey: string;
  readonly tunnel: TunnelState;
  /** NAT rules the link uses (ids under its gateway); only a few links carry them. */
  readonly ingressNatRuleIds: readonly string[];
  readonly egressNatRuleIds: readonly string[];
}

export type ClassicConnectionType = 'IPsec' | 'Vnet2Vnet' | 'ExpressRoute';

export interface SimClassicConnection {
  readonly kind: 'classic';
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly connectionType: ClassicConnectionType;
  /** The virtualNetworkGateway1 id the connection is attached to. */
  readonly gatewayId: string;
  /** localNetworkGateway2 (IPsec), virtualNetworkGateway2 (Vnet2Vnet) or the circuit (ExpressRoute). */
  readonly peerId: string;
  readonly authenticationType: 'PSK' | 'Certificate';
  readonly sharedKey?: string;
  tags: Tags;
  readonly tunnel: TunnelState;
}

export type SimTunnelOwner = SimVpnLink | SimClassicConnection;
export type SimResource = SimVpnGateway | SimVpnSite | SimVpnConnection | SimVpnLink | SimClassicConnection;

/** A top-level resource Resources_List (the generic resources API) lists, with its live tags. */
export type SimTopLevelResource = SimVpnGateway | SimVpnSite | SimClassicConnection;

/** An entry of Resources_List: the resource's type and the resource itself (tags are read when listed). */
export interface SimGenericResource {
  readonly type: string;
  readonly resource: SimTopLevelResource;
}
