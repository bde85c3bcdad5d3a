import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ROLE_ACTIONS } from '../../../src/adapters/arm/armOperations';
import { isWithinScope } from '../../../src/core/ids/armId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { parseRemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { peekQueue, recordedCycle, recordingFleet, startHarness, T0, type Harness } from './monitoringHarness';

const MINUTE = 60_000;
let h: Harness;
let run = 0;
let subscription: string;
let group: string;

beforeAll(async () => {
  // Every link idle: Connected, counters that never move, so only a GET or the metrics can confirm them.
  h = await startHarness(inject('azuriteConnectionString'), { idleShare: 1 });
  subscription = `/subscriptions/${h.sim.fleet.subscriptionIds()[0]}`;
  group = `${subscription}/resourceGroups/rg-00`;
});
afterAll(async () => h.stop());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.clearRbac();
  h.sim.addFault({ kind: 'omit-status', operation: 'VpnConnections_ListByVpnGateway' });
  h.clock.ms = T0;
  for (const l of h.sim.listLinks()) if (isWithinScope(l.id, group)) h.sim.setLinkState({ id: l.id, status: 'Connected', scenario: 'none' });
  // Two buckets of up time published: the newest published bucket at T0+13 min is [T0+5, T0+10).
  h.clock.advance(13 * MINUTE);
});

/** Deps over the vWAN gateways of one resource group, metrics on the simulator, GETs recorded within `allowance`. */
function setup(env: Record<string, string> = {}) {
  const base = h.deps(`twmetrics${run++}`, { TW_SCOPES: group, TW_METRICS_ENDPOINT: h.sim.url, TW_STATUS_MAX_AGE_MINUTES: '10', TW_STUCK_THRESHOLD_MINUTES: '2', ...env });
  const { fleet, allowance, got } = recordingFleet(base.fleet, 0);
  const deps = { ...base, fleet };
  const links = h.sim.listLinks().filter((l) => isWithinScope(l.id, group));
  // One batch call per region of the group's gateways (a few gateways: one batch each).
  const calls = new Set(h.sim.fleet.gateways().filter((g) => isWithinScope(g.id, group)).map((g) => g.location)).size;
  const cycle = () => recordedCycle(deps, got);
  return { deps, allowance, links, calls, cycle };
}

describe('Azure Monitor tunnel metrics as a status source (simulator + Azurite)', () => {
  it('when every link is idle and no GET is allowed, then metrics confirm them all; without metrics they read Unknown', async () => {
    const off = setup({ TW_METRICS: 'off' });
    const without = await off.cycle();
    expect(without.summary.unconfirmed).toEqual({ budget: off.links.length });
    expect(without.line).toContain('metrics off (TW_METRICS=off)');

    const t = setup();
    const { summary, line, got } = await t.cycle();
    expect(t.links.length).toBeGreaterThan(0);
    expect(summary.links).toBe(t.links.length);
    expect(summary.unconfirmed).toEqual({});
    expect(summary.byStatus).toEqual({ Connected: t.links.length });
    expect([got, summary.metricCalls]).toEqual([[], t.calls]);
    expect(line).toContain(`${t.calls} metric calls`);
    const state = await t.deps.states.get(linkKeyFromId(t.links[0]!.id));
    expect(state).toMatchObject({ status: 'Connected', statusSource: 'metrics', statusAt: new Date(T0 + 10 * MINUTE).toISOString() });

    h.clock.advance(MINUTE);
    expect((await t.cycle()).summary.metricCalls).toBe(0);
  });

  it('when an idle link goes down, then its silent bucket makes it a suspect, a GET confirms it and one remediation request is queued', async () => {
    const t = setup();
    t.allowance.reads = 5;
    await t.cycle();
    const down = t.links[0]!.id;
    h.sim.setLinkState({ id: down, scenario: 'stuck' });
    h.clock.advance(5 * MINUTE); // T0+18: bucket [T0+10, T0+15) is published and silent for the link
    const first = await t.cycle();
    expect(first.summary.metricCalls).toBe(t.calls);
    expect(first.got).toEqual([down]);
    expect((await t.deps.states.get(linkKeyFromId(down)))?.status).toBe('NotConnected');
    for (let i = 0; i < 4; i++) {
      h.clock.advance(MINUTE);
      const next = await t.cycle();
      expect(next.got).toEqual([down]);
    }
    const requests = (await peekQueue(h.connection, `twmetrics${run - 1}-remediation`)).map(parseRemediationRequest);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ kind: 'remediate', source: 'poller', linkId: down });
    const others = await Promise.all(t.links.slice(1).map((l) => t.deps.states.get(linkKeyFromId(l.id))));
    expect(others.map((s) => s?.status)).toEqual(t.links.slice(1).map(() => 'Connected'));
  });

  it('when a busy link fails, then its counters\' stop makes it a suspect although its newest bucket still shows it up, and a GET finds it down', async () => {
    const t = setup();
    t.allowance.reads = 5;
    const busy = t.links[1]!.id;
    h.sim.setLinkState({ id: busy, traffic: 'busy' });
    await t.cycle();
    h.clock.advance(MINUTE);
    const flowing = await t.cycle();
    expect(flowing.got).toEqual([]);
    expect(await t.deps.states.get(linkKeyFromId(busy))).toMatchObject({ status: 'Connected', statusSource: 'traffic' });
    h.sim.setLinkState({ id: busy, status: 'NotConnected', scenario: 'stuck' });
    h.clock.advance(MINUTE);
    // The newest published bucket ends before the failure: the link is up in it.
    const stopped = await t.cycle();
    expect(stopped.got).toEqual([busy]);
    expect(await t.deps.states.get(linkKeyFromId(busy))).toMatchObject({ status: 'NotConnected', statusSource: 'get' });
  });

  it('when the identity lacks the metrics read, then polling works as before and every cycle line says metrics are off (forbidden)', async () => {
    h.sim.setRbac([{ scope: subscription, actions: ROLE_ACTIONS.filter((a) => a !== 'Microsoft.Insights/metrics/read') }]);
    const t = setup();
    t.allowance.reads = 1000;
    const { summary, line, got } = await t.cycle();
    expect(summary.failures).toEqual([]);
    expect(line).toContain('metrics off (forbidden)');
    expect(got).toHaveLength(t.links.length);
    expect(summary.byStatus).toEqual({ Connected: t.links.length });
  });

  it('when the batch API throttles (529), then the cycle does not fail, says so, and the call waits for the next bucket', async () => {
    h.sim.addFault({ kind: '529', operation: 'MetricsBatch_Batch', count: 1 });
    const t = setup();
    const throttled = await t.cycle();
    expect(throttled.summary.failures).toEqual([]);
    expect(throttled.summary.metricCalls).toBe(t.calls);
    expect(throttled.line).toMatch(/metrics off( for 1\/\d gateway groups)? \(throttled\)/);
    h.clock.advance(MINUTE);
    expect((await t.cycle()).summary.metricCalls).toBe(0);
    h.clock.advance(4 * MINUTE);
    const next = await t.cycle();
    expect([next.summary.metricCalls, next.summary.metricsOff, next.summary.unconfirmed]).toEqual([t.calls, undefined, {}]);
  });
});
