import { int64 } from './bigintJson';
import type { SimNatRule, SimVpnConnection, SimVpnGateway, SimVpnLink, SimVpnSite } from '../fleetModel';
import { simGatewayPublicIps, simSiteLinkAddress } from '../simAddresses';
import type { LinkStatus } from '../tunnelState';

/** Bodies of the vWAN resources, field for field as in the official 2026-01-01 examples (plus live state). */
export interface RenderOptions {
  readonly now: number;
  /**
   * Leave `connectionStatus` out: lists by default (as ARM's examples), or the fault `omit-status`. `'links'` keeps
   * it on the VPN connections and takes it off their link connections (VpnGatewayList.json does exactly that).
   */
  readonly omitStatus?: boolean | 'links';
}

export const ETAG = 'W/"00000000-0000-0000-0000-000000000000"';
export const LINK_TYPE = 'Microsoft.Network/vpnGateways/vpnConnections/VpnSiteLinkConnections';
const ref = (id: string): { id: string } => ({ id });

export function renderLink(link: SimVpnLink, options: RenderOptions): Record<string, unknown> {
  const counters = link.tunnel.counters(options.now);
  return {
    name: link.name,
    id: link.id,
    type: LINK_TYPE,
    etag: ETAG,
    properties: {
      provisioningState: 'Succeeded',
      vpnSiteLink: ref(link.siteLinkId),
      connectionBandwidth: link.bandwidthMbps,
      ipsecPolicies: [],
      vpnConnectionProtocolType: 'IKEv2',
      ...(options.omitStatus ? {} : { connectionStatus: link.tunnel.status(options.now) }),
      ingressBytesTransferred: int64(counters.ingress),
      egressBytesTransferred: int64(counters.egress),
      enableBgp: false,
      vpnGatewayCustomBgpAddresses: [
        { ipConfigurationId: 'Instance0', customBgpIpAddress: '169.254.21.1' },
        { ipConfigurationId: 'Instance1', customBgpIpAddress: '169.254.21.3' },
      ],
      enableRateLimiting: false,
      useLocalAzureIpAddress: false,
      usePolicyBasedTrafficSelectors: false,
      routingWeight: 0,
      dpdTimeoutSeconds: 0,
      vpnLinkConnectionMode: link.mode,
      sharedKey: link.sharedKey,
      ...(link.ingressNatRuleIds.length > 0 ? { ingressNatRules: link.ingressNatRuleIds.map(ref) } : {}),
      ...(link.egressNatRuleIds.length > 0 ? { egressNatRules: link.egressNatRuleIds.map(ref) } : {}),
    },
  };
}

export function renderConnection(connection: SimVpnConnection, options: RenderOptions): Record<string, unknown> {
  const links = connection.links.map((link) => renderLink(link, options));
  let ingress = 0n;
  let egress = 0n;
  for (const link of connection.links) {
    const counters = link.tunnel.counters(options.now);
    ingress += counters.ingress;
    egress += counters.egress;
  }
  const hub = connection.gateway.hubId;
  return {
    name: connection.name,
    id: connection.id,
    etag: ETAG,
    properties: {
      provisioningState: 'Succeeded',
      remoteVpnSite: ref(connection.site.id),
      ...(options.omitStatus === true ? {} : { connectionStatus: aggregateStatus(connection, options.now) }),
      enableInternetSecurity: false,
      ingressBytesTransferred: int64(ingress),
      egressBytesTransferred: int64(egress),
      routingWeight: 0,
      connectionBandwidth: 100,
      enableBgp: false,
      useLocalAzureIpAddress: false,
      ipsecPolicies: [],
      trafficSelectorPolicies: [],
      vpnLinkConnections: links,
      routingConfiguration: {
        associatedRouteTable: ref(`${hub}/hubRouteTables/defaultRouteTable`),
        propagatedRouteTables: { labels: ['default'], ids: [ref(`${hub}/hubRouteTables/defaultRouteTable`)] },
        vnetRoutes: { staticRoutes: [] },
        inboundRouteMap: ref(`${hub}/routeMaps/inbound`),
        outboundRouteMap: ref(`${hub}/routeMaps/outbound`),
      },
    },
  };
}

/** A connection is as up as its best link. */
function aggregateStatus(connection: SimVpnConnection, now: number): LinkStatus {
  const statuses = new Set(connection.links.map((link) => link.tunnel.status(now)));
  const order: LinkStatus[] = ['Connected', 'Connecting', 'NotConnected'];
  return order.find((status) => statuses.has(status)) ?? 'Unknown';
}

export function renderGateway(gateway: SimVpnGateway, options: RenderOptions): Record<string, unknown> {
  return {
    name: gateway.name,
    id: gateway.id,
    etag: ETAG,
    location: gateway.location,
    type: 'Microsoft.Network/vpnGateways',
    ...(Object.keys(gateway.tags).length > 0 ? { tags: gateway.tags } : {}),
    properties: {
      provisioningState: 'Succeeded',
      virtualHub: ref(gateway.hubId),
      connections: gateway.connections.map((connection) => renderConnection(connection, options)),
      bgpSettings: {
        asn: 65515,
        bgpPeeringAddress: '10.0.1.30',
        peerWeight: 0,
        bgpPeeringAddresses: ['Instance0', 'Instance1'].map((instance, i) => ({
          ipconfigurationId: instance,
          defaultBgpIpAddresses: [`10.30.0.${4 + i}`],
          customBgpIpAddresses: [`169.254.21.${5 + 5 * i}`],
          tunnelIpAddresses: [`203.0.113.${10 + i}`],
        })),
      },
      natRules: gateway.natRules.map(renderNatRule),
      // VpnGatewayIPConfiguration: one per instance, the public IP the branch devices dial (the tunnels' Azure end).
      ipConfigurations: simGatewayPublicIps(gateway.id).map((publicIpAddress, i) => ({ id: `Instance${i}`, publicIpAddress, privateIpAddress: `10.30.0.${4 + i}` })),
      vpnGatewayScaleUnit: 1,
      isRoutingPreferenceInternet: false,
      enableBgpRouteTranslationForNat: false,
    },
  };
}

/** A VPN site as VpnSites_List writes it, with the links its connections use; each link's ipAddress is the branch device's. */
export function renderSite(site: SimVpnSite, siteLinkIds: readonly string[]): Record<string, unknown> {
  return {
    name: site.name,
    id: site.id,
    etag: ETAG,
    type: 'Microsoft.Network/vpnSites',
    location: site.location,
    ...(Object.keys(site.tags).length > 0 ? { tags: site.tags } : {}),
    properties: {
      provisioningState: 'Succeeded',
      addressSpace: { addressPrefixes: ['10.10.0.0/16'] },
      isSecuritySite: false,
      vpnSiteLinks: siteLinkIds.map((id) => ({
        name: id.split('/').at(-1),
        id,
        etag: ETAG,
        type: 'Microsoft.Network/vpnSites/vpnSiteLinks',
        properties: {
          provisioningState: 'Succeeded',
          ipAddress: simSiteLinkAddress(id),
          linkProperties: { linkProviderName: 'vendor1', linkSpeedInMbps: 200 },
        },
      })),
    },
  };
}

function renderNatRule(rule: SimNatRule): Record<string, unknown> {
  const ingress = rule.mode === 'IngressSnat';
  return {
    name: rule.name,
    id: rule.id,
    type: 'Microsoft.Network/vpnGateways/natRules',
    properties: {
      type: ingress ? 'Dynamic' : 'Static',
      mode: rule.mode,
      internalMappings: [{ addressSpace: ingress ? '10.4.0.0/24' : '10.5.0.0/24' }],
      externalMappings: [{ addressSpace: ingress ? '192.168.4.0/24' : '192.168.5.0/24' }],
      [ingress ? 'ingressVpnSiteLinkConnections' : 'egressVpnSiteLinkConnections']: rule.linkIds.map(ref),
    },
  };
}
