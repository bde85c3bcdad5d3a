import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArmBody } from '../../../src/adapters/arm/parseArmBody';
import { projectClassicConnection, projectVwanConnection } from '../../../src/core/snapshot/projectLink';
import { listItems } from '../../../src/core/snapshot/rawValues';

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/arm');
const example = (file: string): unknown => (parseArmBody(readFileSync(path.join(REFERENCE, file), 'utf8')) as { responses: { 200: { body: unknown } } }).responses[200].body;
const GATEWAY = { id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/vpnGateways/gateway1', tags: { 'tunnelwatch-remediate': 'false' } };

describe('projectVwanConnection', () => {
  it('projects the official bare-array VpnConnections list into one observation per link, without a status it does not carry', () => {
    const observations = listItems(example('VpnConnectionList.json')).flatMap((c) => projectVwanConnection(c, GATEWAY));
    expect(observations.map((o) => o.topology.link)).toEqual(['Connection-Link1', 'Connection-Link2']);
    expect(observations[0]).toMatchObject({
      topology: { kind: 'vwan', gateway: 'gateway1', connection: 'vpnConnection1', site: 'vpnSite1', siteLink: 'siteLink1', resourceGroup: 'rg1', subscriptionId: 'subid' },
      configuration: { mode: 'Default', protocol: 'IKEv2', bandwidthMbps: 200, bgp: false },
      provisioningState: 'Succeeded',
      ingressBytes: '0',
      tags: { 'tunnelwatch-remediate': 'false' },
    });
    expect(observations[0]?.status).toBeUndefined();
  });

  const SITE = '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/vpnSites/vpnSite1';
  const connectionTo = (site: string, tags?: Record<string, string>): unknown => ({
    id: `${GATEWAY.id}/vpnConnections/c`,
    ...(tags && { tags }),
    properties: { remoteVpnSite: { id: site }, vpnLinkConnections: [{ id: `${GATEWAY.id}/vpnConnections/c/vpnSiteLinkConnections/l` }] },
  });
  it.each([
    ['only the gateway is tagged: its policy applies', {}, { 'tunnelwatch-remediate': 'false' }],
    ['the site is tagged: its tags are added', { 'tunnelwatch-threshold-minutes': '10' }, { 'tunnelwatch-remediate': 'false', 'tunnelwatch-threshold-minutes': '10' }],
    ['the site says otherwise (in another letter case): the site overrides the gateway', { 'TunnelWatch-Remediate': 'true' }, { 'TunnelWatch-Remediate': 'true' }],
  ])('vWAN tags come from the gateway and the VPN site: %s', (_name, siteTags, expected) => {
    const [o] = projectVwanConnection(connectionTo(SITE.toUpperCase()), { ...GATEWAY, siteTags: new Map([[SITE.toLowerCase(), siteTags]]) });
    expect(o?.tags).toEqual(expected);
  });

  it('never reads tags from the VPN connection itself (a child resource; ARM does not tag it)', () => {
    const [o] = projectVwanConnection(connectionTo(SITE, { 'tunnelwatch-remediate': 'true', 'tunnelwatch-threshold-minutes': '1' }), GATEWAY);
    expect(o?.tags).toEqual({ 'tunnelwatch-remediate': 'false' });
  });

  it.each([
    ['no properties at all', { id: `${GATEWAY.id}/vpnConnections/c`, properties: { vpnLinkConnections: [{ id: `${GATEWAY.id}/vpnConnections/c/vpnSiteLinkConnections/l` }] } }, 1],
    ['links not an array', { id: `${GATEWAY.id}/vpnConnections/c`, properties: { vpnLinkConnections: 'nope' } }, 0],
    ['no id', { properties: {} }, 0],
    ['not an object', 42, 0],
  ])('survives garbage: %s', (_name, body, count) => {
    expect(projectVwanConnection(body, GATEWAY)).toHaveLength(count);
  });

  it('keeps unknown statuses as reported, huge counters exactly, and never copies a shared key', () => {
    const body = parseArmBody(
      `{"id":"${GATEWAY.id}/vpnConnections/c","properties":{"sharedKey":"s3cret","vpnLinkConnections":[{"id":"${GATEWAY.id}/vpnConnections/c/vpnSiteLinkConnections/l","properties":{"sharedKey":"s3cret","connectionStatus":"Degraded","ingressBytesTransferred":18446744073709551615,"egressBytesTransferred":9007199254740993}}]}}`,
    );
    const [o] = projectVwanConnection(body, GATEWAY);
    expect([o?.status, o?.ingressBytes, o?.egressBytes]).toEqual(['Degraded', undefined, '9007199254740993']);
    expect(JSON.stringify(o)).not.toContain('s3cret');
  });
});

describe('projectClassicConnection', () => {
  it('projects the official classic connection example', () => {
    expect(projectClassicConnection(example('VirtualNetworkGatewayConnectionGet.json'))).toMatchObject({
      topology: { kind: 'classic', gateway: 'vpngw', connection: 'connS2S', link: 'connS2S', site: 'localgw', connectionType: 'IPsec' },
      configuration: { mode: 'Default', protocol: 'IKEv2', bgp: false, dpdTimeoutSeconds: 30 },
      status: 'Connecting',
    });
  });
});
