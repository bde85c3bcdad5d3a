import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { fleetNames } from '../../../src/simulator/generateFleet';
import { recordedCycle, recordingFleet, startHarness, T0, type Harness } from './monitoringHarness';

const MINUTE = 60_000;
let h: Harness;
let run = 0;
let group: string;

beforeAll(async () => {
  // Four idle classic connections (Connected, counters that never move) on their own gateways; no ExpressRoute, so
  // every classic link of the group has a tunnel the metrics can see.
  h = await startHarness(inject('azuriteConnectionString'), { idleShare: 1, fleet: { spec: '1x2x1x1', classicConnections: 4, expressRoute: false } });
  group = `/subscriptions/${h.sim.fleet.subscriptionIds()[0]}/resourceGroups/${fleetNames.classicResourceGroup(0)}`;
});
afterAll(async () => h.stop());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.clearRbac();
  h.sim.addFault({ kind: 'omit-status', operation: 'VirtualNetworkGatewayConnections_List' });
  h.clock.ms = T0;
  for (const c of h.sim.fleet.classicConnections()) h.sim.setLinkState({ id: c.id, status: 'Connected', scenario: 'none' });
  // Two buckets of up time published: the newest published bucket at T0+13 min is [T0+5, T0+10).
  h.clock.advance(13 * MINUTE);
});

/** Deps over one classic resource group, metrics on the simulator, GETs recorded and held to `allowance`. */
function setup() {
  const base = h.deps(`twclassicmetrics${run++}`, { TW_SCOPES: group, TW_METRICS_ENDPOINT: h.sim.url, TW_STATUS_MAX_AGE_MINUTES: '10', TW_STUCK_THRESHOLD_MINUTES: '2' });
  const { fleet, allowance, got } = recordingFleet(base.fleet, 0);
  const deps = { ...base, fleet };
  const links = h.sim.fleet.classicConnections();
  // One batch call per region of the group's virtual network gateways (fewer than 50 of them).
  const calls = new Set(links.map((c) => c.location)).size;
  const cycle = () => recordedCycle(deps, got);
  return { deps, allowance, links, calls, cycle };
}

describe('Azure Monitor tunnel metrics for classic VNet gateway connections (simulator + Azurite)', () => {
  it('when every classic link is idle and no GET is allowed, then the first cycle has no classic metrics and from the second on metrics confirm them all', async () => {
    const t = setup();
    expect(t.links.length).toBe(4);
    const first = await t.cycle();
    expect([first.summary.metricCalls, first.summary.unconfirmed]).toEqual([0, { budget: t.links.length }]);

    h.clock.advance(MINUTE);
    const second = await t.cycle();
    expect(second.summary.metricCalls).toBe(t.calls);
    expect([second.got, second.summary.unconfirmed, second.summary.byStatus]).toEqual([[], {}, { Connected: t.links.length }]);
    expect(second.line).toContain(`${t.calls} metric calls`);
    const state = await t.deps.states.get(linkKeyFromId(t.links[0]!.id));
    expect(state).toMatchObject({ status: 'Connected', statusSource: 'metrics', statusAt: new Date(T0 + 10 * MINUTE).toISOString() });
    expect(h.sim.calls().byOperation.VirtualNetworkGatewayConnections_Get ?? 0).toBe(0);

    h.clock.advance(MINUTE);
    const third = await t.cycle();
    expect([third.summary.metricCalls, third.got, third.summary.unconfirmed]).toEqual([0, [], {}]);
  });

  it('when an idle classic link goes down, then metrics alone never mark it down: its silent bucket makes it a suspect and a GET confirms it', async () => {
    const t = setup();
    await t.cycle();
    h.clock.advance(MINUTE);
    await t.cycle();
    const down = t.links[0]!.id;
    h.sim.setLinkState({ id: down, scenario: 'stuck' });
    h.clock.advance(5 * MINUTE); // T0+19: bucket [T0+10, T0+15) is published and silent for the link

    const silent = await t.cycle();
    expect([silent.summary.metricCalls, silent.got]).toEqual([t.calls, []]);
    expect(await t.deps.states.get(linkKeyFromId(down))).toMatchObject({ status: 'Connected', statusSource: 'metrics', statusAt: new Date(T0 + 10 * MINUTE).toISOString() });

    t.allowance.reads = 5;
    h.clock.advance(MINUTE);
    const confirmed = await t.cycle();
    expect(confirmed.got).toEqual([down]);
    expect(await t.deps.states.get(linkKeyFromId(down))).toMatchObject({ status: 'NotConnected', statusSource: 'get' });
    const others = await Promise.all(t.links.slice(1).map((c) => t.deps.states.get(linkKeyFromId(c.id))));
    expect(others.map((s) => [s?.status, s?.statusSource])).toEqual(t.links.slice(1).map(() => ['Connected', 'metrics']));
  });
});
