import { int64 } from './bigintJson';
import type { SimClassicConnection, SimTunnelOwner } from '../fleetModel';
import { ETAG, type RenderOptions } from './renderVwan';

/** Body of a classic `Microsoft.Network/connections` resource, as in VirtualNetworkGatewayConnectionGet.json. */
export function renderClassicConnection(
  connection: SimClassicConnection,
  options: RenderOptions,
): Record<string, unknown> {
  const counters = connection.tunnel.counters(options.now);
  const gateway = connection.gatewayId;
  return {
    name: connection.name,
    id: connection.id,
    etag: ETAG,
    type: 'Microsoft.Network/connections',
    location: connection.location,
    ...(Object.keys(connection.tags).length > 0 ? { tags: connection.tags } : {}),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '00000000-0000-0000-0000-000000000000',
      virtualNetworkGateway1: { id: gateway, properties: {} },
      ...peer(connection),
      ingressNatRules: [{ id: `${gateway}/natRules/nat-ingress` }],
      egressNatRules: [{ id: `${gateway}/natRules/nat-egress` }],
      connectionType: connection.connectionType,
      connectionProtocol: 'IKEv2',
      routingWeight: 0,
      dpdTimeoutSeconds: 30,
      enableBgp: false,
      gatewayCustomBgpIpAddresses: [
        { ipConfigurationId: `${gateway}/ipConfigurations/default`, customBgpIpAddress: '169.254.21.1' },
        { ipConfigurationId: `${gateway}/ipConfigurations/ActiveActive`, customBgpIpAddress: '169.254.21.3' },
      ],
      useLocalAzureIpAddress: false,
      usePolicyBasedTrafficSelectors: false,
      ipsecPolicies: [],
      trafficSelectorPolicies: [],
      ...(options.omitStatus ? {} : { connectionStatus: connection.tunnel.status(options.now) }),
      ingressBytesTransferred: int64(counters.ingress),
      egressBytesTransferred: int64(counters.egress),
      connectionMode: 'Default',
      ...authentication(connection),
      tunnelProperties: [
        { tunnelIpAddress: '10.78.1.5', bgpPeeringAddress: '10.78.1.17' },
        { tunnelIpAddress: '10.78.1.7', bgpPeeringAddress: '10.78.1.20' },
      ],
    },
  };
}

/** Body of the classic `Microsoft.Network/virtualNetworkGateways` resource its connections name (VirtualNetworkGatewayGet.json, trimmed). */
export function renderVirtualNetworkGateway(gatewayId: string, location: string): Record<string, unknown> {
  return {
    name: gatewayId.split('/').at(-1),
    id: gatewayId,
    etag: ETAG,
    type: 'Microsoft.Network/virtualNetworkGateways',
    location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '00000000-0000-0000-0000-000000000000',
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      vpnGatewayGeneration: 'Generation2',
      activeActive: true,
      enableBgp: false,
    },
  };
}

function peer(connection: SimClassicConnection): Record<string, unknown> {
  switch (connection.connectionType) {
    case 'IPsec':
      return { localNetworkGateway2: { id: connection.peerId, properties: {} } };
    case 'Vnet2Vnet':
      return { virtualNetworkGateway2: { id: connection.peerId, properties: {} } };
    case 'ExpressRoute':
      return { peer: { id: connection.peerId } };
  }
}

function authentication(connection: SimClassicConnection): Record<string, unknown> {
  if (connection.authenticationType === 'PSK') {
    return connection.sharedKey === undefined
      ? {}
      : { authenticationType: 'PSK', sharedKey: connection.sharedKey };
  }
  return {
    authenticationType: 'Certificate',
    certificateAuthentication: {
      outboundAuthCertificate: 'https://example-kv.vault.azure.net/Certificates/outbound/Version',
      inboundAuthCertificateChain: ['MIIC+TCCAeGgAwIBAgIQFOJUqDaxV5xJcKpTKO...'],
      inboundAuthCertificateSubjectName: 'CN=rootCert.com',
    },
  };
}

/**
 * GetIkeSas result: like the examples, a JSON string whose content is JSON (`{"Status":..,"Data":..}`).
 * Data lists one SA while the tunnel is up; it never contains the shared key.
 */
export function renderIkeSas(owner: SimTunnelOwner, now: number): string {
  const connected = owner.tunnel.status(now) === 'Connected';
  const data = connected
    ? [
        {
          localEndpoint: '203.0.113.10',
          remoteEndpoint: '198.51.100.20',
          ikeVersion: 'IKEv2',
          state: 'Established',
          quickModeSasCount: 1,
        },
      ]
    : null;
  return JSON.stringify({ Status: 'Successful', Data: data });
}
