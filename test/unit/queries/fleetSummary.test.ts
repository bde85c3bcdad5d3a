import { describe, expect, it } from 'vitest';
import { FLEET_LIMITS, getFleetSummary } from '../../../src/app/queries/getFleetSummary';
import type { LinkState } from '../../../src/core/linkState/linkState';
import type { HourlyRollup } from '../../../src/core/rollups/hourlyRollup';
import { buildState, memoryRollupStore, NOW } from './builders';

const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();
const down = (
  gateway: string,
  connection: string,
  minutes: number,
  extra: Partial<LinkState> = {},
): LinkState =>
  buildState({
    gateway,
    connection,
    status: 'NotConnected',
    statusSince: minutesAgo(minutes),
    downSince: minutesAgo(minutes),
    ...extra,
  });

function rollup(hour: string, key: string, downSeconds: number): HourlyRollup {
  return {
    hour,
    linkKey: key,
    linkId: key,
    samples: 60,
    upSamples: downSeconds > 0 ? 50 : 60,
    observedSeconds: 3600,
    downSeconds,
    ingressBytes: '0',
    egressBytes: '0',
    peakIngressBps: 0,
    peakEgressBps: 0,
    last: { polledAt: hour, ingressBytes: '0', egressBytes: '0' },
  };
}

async function summarize(states: LinkState[], rollups: HourlyRollup[] = []) {
  const store = memoryRollupStore();
  for (const r of rollups) await store.writeHour(r.hour, [r]);
  const incidents = {
    get: (key: string, id: string) => Promise.resolve({ id, state: 'resetting', attempts: 1, key }),
  };
  return getFleetSummary({
    links: { get: () => Promise.resolve(undefined), list: () => Promise.resolve(states) },
    rollups: store,
    incidents,
    clock: { now: () => NOW },
  });
}

describe('GET /api/fleet summary', () => {
  it('when a few gateways have problems among many healthy ones, then those come first and the healthy ones are counts', async () => {
    const healthy = Array.from({ length: 30 }, (_, i) =>
      buildState({ gateway: `gw-ok-${i}`, connection: 'c1' }),
    );
    const summary = await summarize([
      ...healthy,
      down('gw-b', 'c1', 5),
      down('gw-a', 'c1', 90, { incidentId: 'inc-1' }),
      down('gw-a', 'c2', 10),
      buildState({ gateway: 'gw-a', connection: 'c3' }),
    ]);
    expect(summary.totals).toMatchObject({
      links: 34,
      gateways: 32,
      notConnected: 3,
      openIncidents: 1,
      byStatus: { Connected: 31, NotConnected: 3 },
    });
    expect(summary.problemGateways.map((g) => [g.gateway, g.notConnected, g.links])).toEqual([
      ['gw-a', 2, 3],
      ['gw-b', 1, 1],
    ]);
    expect(summary.problemGateways[0]!.problems.map((l) => l.connection)).toEqual(['c1', 'c2']);
    expect(summary.healthy).toEqual({ gateways: 30, links: 30 });
    expect(summary.incidents).toEqual([
      {
        link: expect.objectContaining({ connection: 'c1', gateway: 'gw-a', downForSeconds: 5400 }),
        incident: expect.objectContaining({ id: 'inc-1', state: 'resetting', attempts: 1 }),
      },
    ]);
  });

  it('when a gateway has many links down, then the answer stays bounded', async () => {
    const many = Array.from({ length: FLEET_LIMITS.problemsPerGateway + 10 }, (_, i) =>
      down('gw-big', `c${i}`, i + 1),
    );
    const [gateway] = (await summarize(many)).problemGateways;
    expect(gateway!.notConnected).toBe(FLEET_LIMITS.problemsPerGateway + 10);
    expect(gateway!.problems).toHaveLength(FLEET_LIMITS.problemsPerGateway);
  });

  it('charts links down per hour over 24 h: finished hours from rollups, the current hour from link state', async () => {
    const a = down('gw-a', 'c1', 30);
    const b = buildState({ gateway: 'gw-a', connection: 'c2' });
    const twoHoursAgo = '2026-03-10T10:00:00.000Z';
    const points = (
      await summarize([a, b], [rollup(twoHoursAgo, a.key, 1800), rollup(twoHoursAgo, b.key, 0)])
    ).availability.points;
    expect(points).toHaveLength(24);
    expect(points.find((p) => p.hour === twoHoursAgo)).toEqual({
      hour: twoHoursAgo,
      links: 2,
      linksDown: 1,
      downSeconds: 1800,
      avgLinksDown: 0.5,
    });
    // NOW is 12:00:00 sharp plus nothing: the current hour has just begun and link a is down in it.
    expect(points.at(-1)).toMatchObject({
      hour: '2026-03-10T12:00:00.000Z',
      partial: true,
      links: 2,
      linksDown: 1,
    });
    expect(points[0]!.hour).toBe('2026-03-09T13:00:00.000Z');
  });
});
