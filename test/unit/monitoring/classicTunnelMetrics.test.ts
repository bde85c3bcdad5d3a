import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArmBody } from '../../../src/adapters/arm/parseArmBody';
import { createTunnelMetrics, planBatches, type TunnelMetricsBatch } from '../../../src/app/monitoring/tunnelMetrics';
import type { PollTarget } from '../../../src/core/polling/pollTarget';
import { projectClassicConnection, type LinkObservation } from '../../../src/core/snapshot/projectLink';
import { listItems } from '../../../src/core/snapshot/rawValues';
import { classicMetricGateways, VIRTUAL_NETWORK_GATEWAY_TYPE, type MetricGateway } from '../../../src/core/status/classicMetricGateways';
import type { TunnelMetricSeries } from '../../../src/core/status/tunnelMetricEvidence';

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/arm');
const example = (file: string): unknown => (parseArmBody(readFileSync(path.join(REFERENCE, file), 'utf8')) as { responses: { 200: { body: unknown } } }).responses[200].body;

const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
const min = (m: number): number => T0 + m * 60_000;
const MAX_AGE = 10 * 60_000;
const GROUP = '/subscriptions/s1/resourceGroups/rg-classic';
const vnetGw = (i: number, sub = 's1'): string => `/subscriptions/${sub}/resourceGroups/rg-classic/providers/Microsoft.Network/virtualNetworkGateways/vnetgw-${String(i).padStart(3, '0')}`;
const vpnGw = (i: number): string => `/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw-${String(i).padStart(3, '0')}`;
const classicGroup = (id = GROUP): PollTarget => ({ kind: 'classicGroup', id, subscriptionId: 's1', resourceGroup: id.split('/').at(-1)! });
const vwanTarget = (i: number): PollTarget => ({ kind: 'vpnGateway', id: vpnGw(i), subscriptionId: 's1', resourceGroup: 'rg', location: 'westeurope' });

/** A classic connection as VirtualNetworkGatewayConnections_List lists it (the shape of the seeded ARM example). */
function buildClassic(name: string, gatewayId: string, overrides: { location?: string | null; connectionType?: string } = {}): LinkObservation {
  const raw = {
    name,
    id: `${GROUP}/providers/Microsoft.Network/connections/${name}`,
    type: 'Microsoft.Network/connections',
    ...(overrides.location !== null && { location: overrides.location ?? 'westeurope' }),
    properties: { virtualNetworkGateway1: { id: gatewayId, properties: {} }, connectionType: overrides.connectionType ?? 'IPsec', ingressBytesTransferred: 0, egressBytesTransferred: 0 },
  };
  return projectClassicConnection(raw)!;
}

/** A reader whose classic gateways show connection `conn-<gateway number>` up in the newest bucket asked for. */
function fakeReader() {
  const batches: TunnelMetricsBatch[] = [];
  return {
    batches,
    queryBatch: async (batch: TunnelMetricsBatch): Promise<TunnelMetricSeries[]> => {
      batches.push(batch);
      return batch.resourceIds.map((resourceId) => ({ resourceId, metric: 'MmsaCount', connectionName: `conn-${resourceId.slice(-3)}`, remoteIp: '198.18.0.9', instance: 'Instance0', points: [{ startMs: batch.endMs - 300_000, value: 1 }] }));
    },
  };
}

describe('classic VNet gateways in the tunnel metrics', () => {
  it('learns each gateway of the seeded ARM list once, in its connection\'s region, as a virtualNetworkGateways resource', () => {
    const listed = listItems(example('VirtualNetworkGatewayConnectionsList.json')).map((c) => projectClassicConnection(c)!);
    expect(classicMetricGateways(listed)).toEqual([
      { id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworkGateways/vpngw1', resourceType: VIRTUAL_NETWORK_GATEWAY_TYPE, subscriptionId: 'subid', region: 'centralus' },
      { id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworkGateways/vpngw2', resourceType: VIRTUAL_NETWORK_GATEWAY_TYPE, subscriptionId: 'subid', region: 'eastus' },
    ]);
  });

  it.each([
    ['an ExpressRoute connection (no tunnel metrics)', buildClassic('er', vnetGw(9), { connectionType: 'ExpressRoute' })],
    ['a connection without location', buildClassic('nowhere', vnetGw(9), { location: null })],
    ['a connection whose gateway id is no virtual network gateway', buildClassic('odd', `${GROUP}/providers/Microsoft.Network/localNetworkGateways/lgw`)],
  ])('learns no gateway from %s', (_name, observation) => {
    expect(classicMetricGateways([observation, buildClassic('twice-a', vnetGw(1)), buildClassic('twice-b', vnetGw(1))]).map((g) => g.id)).toEqual([vnetGw(1)]);
  });

  it('plans classic gateways in batches of their own: one resource type, subscription and region per call, ≤ 50 each', () => {
    const learnt: MetricGateway[] = [
      ...Array.from({ length: 60 }, (_, i) => ({ id: vnetGw(i), resourceType: VIRTUAL_NETWORK_GATEWAY_TYPE, subscriptionId: 's1', region: 'westeurope' })),
      { id: vnetGw(100), resourceType: VIRTUAL_NETWORK_GATEWAY_TYPE, subscriptionId: 's1', region: 'eastus' },
    ];
    const other = `${GROUP}-2`;
    const batches = planBatches([vwanTarget(1), vwanTarget(2), classicGroup(), classicGroup(other)], min(10), (groupId) => (groupId === GROUP ? learnt : groupId === other ? [learnt[0]!] : []));
    expect(batches.map((b) => `${b.resourceType}:${b.region}:${b.resourceIds.length}`).sort()).toEqual([
      'Microsoft.Network/virtualNetworkGateways:eastus:1',
      'Microsoft.Network/virtualNetworkGateways:westeurope:10',
      'Microsoft.Network/virtualNetworkGateways:westeurope:50',
      'Microsoft.Network/vpnGateways:westeurope:2',
    ]);
    for (const b of batches) expect(b.resourceIds.every((id) => id.includes(b.resourceType.split('/')[1]!))).toBe(true);
    expect(planBatches([classicGroup()], min(10))).toEqual([]);
  });

  it('when a group has not been listed yet in this process, then its round sends no classic call', async () => {
    const reader = fakeReader();
    const round = await createTunnelMetrics(reader).round([classicGroup()], min(13), MAX_AGE);
    expect([round.calls, reader.batches]).toEqual([0, []]);
  });

  it('when a group is listed again, then its gateways replace the ones its previous list taught', async () => {
    const reader = fakeReader();
    const metrics = createTunnelMetrics(reader);
    metrics.learn(GROUP, [buildClassic('conn-001', vnetGw(1)), buildClassic('conn-002', vnetGw(2))]);
    await metrics.round([classicGroup()], min(13), MAX_AGE);
    metrics.learn(GROUP, [buildClassic('conn-003', vnetGw(3), { location: 'NorthEurope' })]);
    await metrics.round([classicGroup()], min(18), MAX_AGE);
    metrics.learn(GROUP, []);
    const gone = await metrics.round([classicGroup()], min(23), MAX_AGE);
    expect(reader.batches.map((b) => [b.resourceType, b.region, b.resourceIds])).toEqual([
      [VIRTUAL_NETWORK_GATEWAY_TYPE, 'westeurope', [vnetGw(1), vnetGw(2)]],
      [VIRTUAL_NETWORK_GATEWAY_TYPE, 'northeurope', [vnetGw(3)]],
    ]);
    expect(gone.calls).toBe(0);
  });

  it('gives a classic link evidence by its connection name on its gateway: up when its series was above zero, silent otherwise', async () => {
    const metrics = createTunnelMetrics(fakeReader());
    const up = buildClassic('conn-001', vnetGw(1));
    const quiet = buildClassic('quiet', vnetGw(1));
    metrics.learn(GROUP, [up, quiet]);
    const round = await metrics.round([classicGroup()], min(13), MAX_AGE);
    expect(round.evidence(up.topology)).toEqual({ upAt: new Date(min(10)).toISOString(), newestBucketAt: new Date(min(10)).toISOString() });
    expect(round.evidence(quiet.topology)).toEqual({ newestBucketAt: new Date(min(10)).toISOString() });
    expect(round.evidence(buildClassic('elsewhere', vnetGw(7)).topology)).toBeUndefined();
  });
});
