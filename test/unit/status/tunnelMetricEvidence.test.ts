import { describe, expect, it } from 'vitest';
import { planStatusReads, type StatusCandidate } from '../../../src/core/status/planStatusReads';
import { resolveLinkStatus } from '../../../src/core/status/resolveLinkStatus';
import {
  latestUpBuckets,
  linkMetricEvidence,
  metricsSilent,
  newestPublishedBucketEnd,
  type LinkMetricEvidence,
  type LinkMetricIdentity,
  type TunnelMetricSeries,
} from '../../../src/core/status/tunnelMetricEvidence';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const ms = (minutes: number): number => T0 + minutes * 60_000;
const GW = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw1';
const VWAN: LinkMetricIdentity = { gatewayId: GW, connection: 'conn-1', remoteAddress: '203.0.113.7', kind: 'vwan' };

const buildSeries = (overrides: Partial<TunnelMetricSeries> = {}): TunnelMetricSeries => ({
  resourceId: GW,
  metric: 'MmsaCount',
  connectionName: 'conn-1',
  remoteIp: '203.0.113.7',
  instance: 'Instance0',
  points: [{ startMs: ms(0), value: 1 }],
  ...overrides,
});

const evidenceOf = (series: TunnelMetricSeries[], newestEnd = ms(10), link = VWAN): LinkMetricEvidence | undefined =>
  linkMetricEvidence(link, latestUpBuckets(series), newestEnd);

describe('tunnel metric evidence', () => {
  it('when an SA count is above zero in a bucket, then the link was up at that bucket end', () => {
    expect(evidenceOf([buildSeries({ points: [{ startMs: ms(0), value: 2 }, { startMs: ms(5), value: 1 }] })])).toEqual({ upAt: at(10), newestBucketAt: at(10) });
  });

  it('when only traffic is above zero (SA counts zero), then traffic is evidence too', () => {
    const series = [buildSeries({ points: [{ startMs: ms(5), value: 0 }] }), buildSeries({ metric: 'TunnelEgressBytes', points: [{ startMs: ms(5), value: 512 }] })];
    expect(evidenceOf(series)?.upAt).toBe(at(10));
  });

  it('when every value is zero, then there is no evidence (never down) and the link is silent', () => {
    const evidence = evidenceOf([buildSeries({ points: [{ startMs: ms(0), value: 0 }, { startMs: ms(5), value: 0 }] })])!;
    expect(evidence.upAt).toBeUndefined();
    expect(metricsSilent(evidence)).toBe(true);
  });

  it('when the link has no series at all, then there is no evidence and it is silent', () => {
    const evidence = evidenceOf([buildSeries({ connectionName: 'other' })])!;
    expect(evidence).toEqual({ newestBucketAt: at(10) });
    expect(metricsSilent(evidence)).toBe(true);
  });

  it('when the link was up in an older bucket only, then it is silent in the newest one', () => {
    const evidence = evidenceOf([buildSeries({ points: [{ startMs: ms(0), value: 1 }, { startMs: ms(5), value: 0 }] })])!;
    expect(evidence.upAt).toBe(at(5));
    expect(metricsSilent(evidence)).toBe(true);
  });

  it('when an active-active link has one series per instance, then either instance above zero is enough', () => {
    const series = [buildSeries({ instance: 'Instance0', points: [{ startMs: ms(5), value: 0 }] }), buildSeries({ instance: 'Instance1', points: [{ startMs: ms(5), value: 1 }] })];
    expect(evidenceOf(series)?.upAt).toBe(at(10));
  });

  it('when another link of the same connection (other remote IP) is up, then this link has no evidence', () => {
    expect(evidenceOf([buildSeries({ remoteIp: '198.51.100.9' })])?.upAt).toBeUndefined();
  });

  it('when the series belongs to another gateway, then it says nothing about this link', () => {
    expect(evidenceOf([buildSeries({ resourceId: `${GW}x` })])?.upAt).toBeUndefined();
  });

  it('matches a classic connection by its name alone and names case-insensitively', () => {
    const classic = { gatewayId: GW.toUpperCase(), connection: 'CONN-1', kind: 'classic' };
    expect(evidenceOf([buildSeries()], ms(10), classic)?.upAt).toBe(at(5));
  });

  it('has no key for a vWAN link whose site link address is unknown, nor for Huawei links', () => {
    expect(evidenceOf([buildSeries()], ms(10), { gatewayId: GW, connection: 'conn-1', kind: 'vwan' })).toBeUndefined();
    expect(evidenceOf([buildSeries()], ms(10), { ...VWAN, kind: 'huawei' })).toBeUndefined();
  });

  it.each([
    { now: 13, delay: 3, end: 10 },
    { now: 12.9, delay: 3, end: 5 },
    { now: 20, delay: 0, end: 20 },
  ])('at minute $now with an ingestion delay of $delay min, the newest published bucket ends at minute $end', ({ now, delay, end }) => {
    expect(newestPublishedBucketEnd(ms(now), delay * 60_000)).toBe(ms(end));
  });
});

describe('resolveLinkStatus with metrics', () => {
  const MAX_AGE = 10 * 60_000;
  const metrics = { upAt: at(10), newestBucketAt: at(10) };

  it('when metrics were up in a bucket newer than the last confirmation, then Connected by metrics at the bucket end', () => {
    const previous = { status: 'Unknown', statusSource: 'get' as const, statusAt: at(0), statusReason: 'unconfirmed: budget' };
    expect(resolveLinkStatus({ trend: 'flat', previous, metrics }, ms(13), MAX_AGE)).toMatchObject({ status: 'Connected', statusSource: 'metrics', statusAt: at(10) });
  });

  it('when a GET this poll says NotConnected, then the GET wins over metrics', () => {
    expect(resolveLinkStatus({ observed: { status: 'NotConnected', source: 'get' }, trend: 'flat', metrics }, ms(13), MAX_AGE)).toMatchObject({ status: 'NotConnected', statusSource: 'get' });
  });

  it('when the metric bucket is older than the max age, then it confirms nothing', () => {
    expect(resolveLinkStatus({ trend: 'flat', metrics }, ms(21), MAX_AGE)).toMatchObject({ status: 'Unknown', statusReason: 'unconfirmed: budget' });
  });

  it('when the last confirmation is newer than the metric bucket, then the metrics do not override it', () => {
    const previous = { status: 'NotConnected', statusSource: 'get' as const, statusAt: at(11) };
    expect(resolveLinkStatus({ trend: 'flat', previous, metrics }, ms(13), MAX_AGE)).toMatchObject({ status: 'NotConnected', statusSource: 'get', statusAt: at(11) });
  });

  it('when the metrics are silent (no up bucket), then they never make a link Connected', () => {
    expect(resolveLinkStatus({ trend: 'flat', metrics: { newestBucketAt: at(10) } }, ms(13), MAX_AGE)).toMatchObject({ status: 'Unknown' });
  });
});

describe('planStatusReads with metrics', () => {
  const NOW = ms(13);
  const REFRESH = 5 * 60_000;
  const candidate = (overrides: Partial<StatusCandidate>): StatusCandidate => ({ key: 'k', subscriptionId: 's1', trend: 'flat', ...overrides });
  const up = { upAt: at(10), newestBucketAt: at(10) };
  const silent = { upAt: at(5), newestBucketAt: at(10) };

  it('when a link was up in the newest bucket, then it needs no GET, even never confirmed or unconfirmed', () => {
    const candidates = [
      candidate({ key: 'never', metrics: up }),
      candidate({ key: 'unconfirmed', metrics: up, previous: { status: 'Unknown', statusAt: at(-20), statusReason: 'unconfirmed: budget' } }),
      candidate({ key: 'old', metrics: up, previous: { status: 'Connected', statusAt: at(-20) } }),
    ];
    expect(planStatusReads(candidates, { s1: 10 }, NOW, REFRESH).reads).toEqual([]);
  });

  it('when a link was last seen down by a read, then it is read first even if metrics show it up', () => {
    const plan = planStatusReads([candidate({ key: 'down', metrics: up, previous: { status: 'NotConnected', statusAt: at(2) } })], { s1: 10 }, NOW, REFRESH);
    expect(plan.reads).toEqual(['down']);
  });

  it('when a Connected link is silent in the newest bucket and not confirmed since, then it is a suspect read before refreshes', () => {
    const candidates = [
      candidate({ key: 'refresh', trend: 'flat', previous: { status: 'Connected', statusAt: at(0), countersStoppedAt: at(-30) } }),
      candidate({ key: 'silent', metrics: silent, previous: { status: 'Connected', statusAt: at(5) } }),
    ];
    expect(planStatusReads(candidates, { s1: 1 }, NOW, REFRESH)).toEqual({ reads: ['silent'], deferred: ['refresh'] });
  });

  it('when a busy link\'s counters stop after the newest bucket with up time, then it is a suspect although the bucket says up', () => {
    // The bucket is minutes old: the link failing now is still "up" in it. Traffic confirmed it last poll, now flat.
    const justStopped = candidate({ key: 'just-stopped', metrics: up, previous: { status: 'Connected', statusSource: 'traffic', statusAt: at(12) } });
    // Traffic last confirmed it; its counters stopped in an earlier poll, after the bucket, and nothing confirmed it since.
    const stoppedAfter = candidate({ key: 'stopped-after', metrics: up, previous: { status: 'Connected', statusSource: 'traffic', statusAt: at(10), countersStoppedAt: at(11) } });
    // An idle link confirmed by metrics whose counters first read flat after the bucket (no stop: never busy), or a
    // link GET-confirmed since it stopped: no GET.
    const idleUp = candidate({ key: 'idle-up', metrics: up, previous: { status: 'Connected', statusSource: 'metrics', statusAt: at(10), countersStoppedAt: at(11) } });
    const confirmed = candidate({ key: 'confirmed', metrics: up, previous: { status: 'Connected', statusSource: 'get', statusAt: at(12), countersStoppedAt: at(11) } });
    // Silent in a bucket published before the stop (a new link, or no up time in the window yet), confirmed by traffic
    // after that bucket, now flat: the silent bucket says nothing of the stop, the counters do.
    const silentThenStopped = candidate({ key: 'silent-then-stopped', metrics: { newestBucketAt: at(10) }, previous: { status: 'Connected', statusSource: 'traffic', statusAt: at(12) } });
    const plan = planStatusReads([justStopped, stoppedAfter, idleUp, confirmed, silentThenStopped], { s1: 10 }, NOW, REFRESH);
    expect(new Set(plan.reads)).toEqual(new Set(['just-stopped', 'stopped-after', 'silent-then-stopped']));
  });

  it('when a silent link was GET-confirmed after the newest bucket, then it is not read again until its refresh is due', () => {
    const plan = planStatusReads([candidate({ key: 'silent', metrics: silent, previous: { status: 'Connected', statusAt: at(12) } })], { s1: 10 }, NOW, REFRESH);
    expect(plan.reads).toEqual([]);
  });
});
