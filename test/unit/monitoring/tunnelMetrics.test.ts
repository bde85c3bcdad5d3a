import { describe, expect, it } from 'vitest';
import { createTunnelMetrics, type TunnelMetricsBatch } from '../../../src/app/monitoring/tunnelMetrics';
import { TunnelwatchError } from '../../../src/core/errors';
import type { LinkTopology } from '../../../src/core/snapshot/linkSnapshot';
import type { PollTarget } from '../../../src/core/polling/pollTarget';
import type { TunnelMetricSeries } from '../../../src/core/status/tunnelMetricEvidence';

const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
const min = (m: number): number => T0 + m * 60_000;
const MAX_AGE = 10 * 60_000;
const gw = (i: number, sub = 's1'): string => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw-${String(i).padStart(3, '0')}`;
const target = (i: number, overrides: Partial<PollTarget> = {}): PollTarget => ({ kind: 'vpnGateway', id: gw(i), subscriptionId: 's1', resourceGroup: 'rg', location: 'westeurope', ...overrides });
const link = (i: number): LinkTopology =>
  ({ id: `${gw(i)}/vpnConnections/c/vpnLinkConnections/l`, key: `k${i}`, kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: `gw-${i}`, gatewayId: gw(i), connection: 'c', connectionId: 'x', link: 'l', remoteAddress: '203.0.113.1' });

/** A reader whose every gateway has link `c`/203.0.113.1 up in every bucket of the window; scripted failures first. */
function fakeReader(failures: number[] = []) {
  const batches: TunnelMetricsBatch[] = [];
  return {
    batches,
    queryBatch: async (batch: TunnelMetricsBatch): Promise<TunnelMetricSeries[]> => {
      batches.push(batch);
      const status = failures.shift();
      if (status === 529) throw new TunnelwatchError('METRICS.THROTTLED', 'throttled', true);
      if (status === 403) throw new TunnelwatchError('METRICS.FORBIDDEN', 'forbidden');
      return batch.resourceIds.map((resourceId) => ({ resourceId, metric: 'MmsaCount', connectionName: 'c', remoteIp: '203.0.113.1', instance: 'Instance0', points: [{ startMs: batch.endMs - 300_000, value: 1 }] }));
    },
  };
}

describe('tunnelMetrics', () => {
  it('sends one call per 50 gateways of a subscription and region, and none for other kinds or unknown regions', async () => {
    const reader = fakeReader();
    const targets = [...Array.from({ length: 120 }, (_, i) => target(i)), target(500, { location: 'northeurope' }), target(501, { location: undefined }), target(502, { kind: 'classicGroup' })];
    const round = await createTunnelMetrics(reader).round(targets, min(13), MAX_AGE);
    expect(round.calls).toBe(4);
    expect(reader.batches.map((b) => `${b.region}:${b.resourceIds.length}`).sort()).toEqual(['northeurope:1', 'westeurope:20', 'westeurope:50', 'westeurope:50']);
    expect(reader.batches[0]).toMatchObject({ startMs: min(-5), endMs: min(10) });
  });

  it('calls at most once per published bucket and reuses the answer in between', async () => {
    const reader = fakeReader();
    const metrics = createTunnelMetrics(reader);
    expect((await metrics.round([target(1)], min(13), MAX_AGE)).calls).toBe(1);
    const again = await metrics.round([target(1)], min(17.9), MAX_AGE);
    expect(again.calls).toBe(0);
    expect(again.evidence(link(1))).toEqual({ upAt: new Date(min(10)).toISOString(), newestBucketAt: new Date(min(10)).toISOString() });
    expect((await metrics.round([target(1)], min(18), MAX_AGE)).calls).toBe(1);
  });

  it('when a call is throttled (529), then the cycle goes on, says so, keeps the last answer and waits for the next bucket', async () => {
    const reader = fakeReader([0, 529]);
    const metrics = createTunnelMetrics(reader);
    await metrics.round([target(1)], min(13), MAX_AGE);
    const throttled = await metrics.round([target(1)], min(18), MAX_AGE);
    expect(throttled.off).toEqual({ reason: 'throttled', groups: 1, of: 1 });
    expect(throttled.evidence(link(1))?.upAt).toBe(new Date(min(10)).toISOString());
    expect((await metrics.round([target(1)], min(19), MAX_AGE)).calls).toBe(0);
    const next = await metrics.round([target(1)], min(23), MAX_AGE);
    expect(next.calls).toBe(1);
    expect(next.off).toBeUndefined();
  });

  it('when the permission is missing (403), then metrics are off with the reason and give no evidence', async () => {
    const round = await createTunnelMetrics(fakeReader([403])).round([target(1)], min(13), MAX_AGE);
    expect(round.off).toEqual({ reason: 'forbidden', groups: 1, of: 1 });
    expect(round.evidence(link(1))).toBeUndefined();
  });

  it('when the last answer is older than the status max age, then it gives no evidence', async () => {
    const metrics = createTunnelMetrics(fakeReader([0, 529, 529]));
    await metrics.round([target(1)], min(13), MAX_AGE);
    await metrics.round([target(1)], min(18), MAX_AGE);
    const late = await metrics.round([target(1)], min(23), MAX_AGE);
    expect(late.evidence(link(1))).toBeUndefined();
  });
});
