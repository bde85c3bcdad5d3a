import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { formatCycleStatus } from '../../../src/app/monitoring/formatCycleStatus';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import type { Telemetry } from '../../../src/app/ports';
import { isWithinScope } from '../../../src/core/ids/armId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { recordingFleet, startHarness, type Harness } from './monitoringHarness';

const PREFIX = 'twstatus';
const GETS = ['VpnSiteLinkConnections_Get', 'VirtualNetworkGatewayConnections_Get'] as const;
let h: Harness;
let run = 0;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
});
afterAll(async () => h.stop());
beforeEach(() => {
  h.sim.clearFaults();
  // Real ARM lists carry counters but no connectionStatus (reference examples): the lists omit it here too.
  h.sim.addFault({ kind: 'omit-status', operation: 'VpnConnections_ListByVpnGateway' });
  h.sim.addFault({ kind: 'omit-status', operation: 'VirtualNetworkGatewayConnections_List' });
});

/** Deps over the simulator whose status GETs are recorded and whose read allowance the test sets. */
function setup(env: Record<string, string> = {}) {
  const base = h.deps(`${PREFIX}${run++}`, env);
  const { fleet, allowance, got } = recordingFleet(base.fleet, 1000);
  const events: Array<{ name: string; properties?: Readonly<Record<string, string>>; measurements?: Readonly<Record<string, number>> }> = [];
  const telemetry: Telemetry = { event: (name, properties, measurements) => void events.push({ name, ...(properties && { properties }), ...(measurements && { measurements }) }), metric: () => undefined, flush: async () => undefined };
  const deps = { ...base, fleet, telemetry };
  const subscription = `/subscriptions/${h.sim.fleet.subscriptionIds()[0]}`;
  const links = h.sim.listLinks().filter((l) => isWithinScope(l.id, subscription));
  for (const l of links) h.sim.setLinkState({ id: l.id, status: 'Connected', scenario: 'none' });
  /** Idle links: Connected, counters pinned so they do not move between polls. */
  const pin = (ids: readonly string[]): void => {
    for (const id of ids) h.sim.setLinkState({ id, ingressBytes: 5_000, egressBytes: 7_000 });
  };
  const cycle = async () => {
    got.length = 0;
    const summary = await runPollCycle(deps);
    return { summary, got: [...got], gets: GETS.reduce((n, op) => n + (summary.armRequestsByOperation[op] ?? 0), 0) };
  };
  const state = async (id: string) => deps.states.get(linkKeyFromId(id));
  return { deps, allowance, events, links, pin, cycle, state };
}

describe('polling with lists that carry no status (counters and prioritized GETs)', () => {
  it('when counters grow, then links are Connected by traffic and no GET is sent', async () => {
    const t = setup();
    const first = await t.cycle();
    expect(first.gets).toBe(t.links.length);
    h.clock.advance(60_000);
    const second = await t.cycle();
    expect(second.summary.failures).toEqual([]);
    expect(second.gets).toBe(0);
    expect(second.summary.byStatus).toEqual({ Connected: t.links.length });
    for (const l of t.links) expect(await t.state(l.id)).toMatchObject({ status: 'Connected', statusSource: 'traffic', statusAt: h.clock.now().toISOString() });
  });

  it('spends the allowance on links last seen down before links whose counters just stopped, and dates the streak from the stop', async () => {
    const t = setup();
    const [a, b] = t.links.filter((l) => l.kind === 'vwan');
    await t.cycle();
    h.clock.advance(60_000);
    await t.cycle();
    t.allowance.reads = 1;

    h.sim.setLinkState({ id: a!.id, status: 'NotConnected' });
    h.clock.advance(60_000);
    const stopA = h.clock.now().toISOString();
    const third = await t.cycle();
    expect(third.got).toEqual([a!.id]);
    expect(await t.state(a!.id)).toMatchObject({ status: 'NotConnected', statusSource: 'get', downSince: stopA });

    h.sim.setLinkState({ id: b!.id, status: 'NotConnected' });
    h.clock.advance(60_000);
    const stopB = h.clock.now().toISOString();
    const fourth = await t.cycle();
    expect(fourth.got).toEqual([a!.id]);
    expect(await t.state(b!.id)).toMatchObject({ status: 'Connected', statusSource: 'traffic', countersStoppedAt: stopB });

    h.clock.advance(60_000);
    t.allowance.reads = 2;
    const fifth = await t.cycle();
    expect(new Set(fifth.got)).toEqual(new Set([a!.id, b!.id]));
    expect(await t.state(b!.id)).toMatchObject({ status: 'NotConnected', statusSource: 'get', downSince: stopB });
  });

  it('confirms idle links (Connected, counters flat) by GET within the max age, without reading every link every cycle', async () => {
    const t = setup();
    const ids = t.links.map((l) => l.id);
    let gets = 0;
    for (let minute = 0; minute < 9; minute++) {
      if (minute > 0) h.clock.advance(60_000);
      t.pin(ids);
      const { summary, gets: sent } = await t.cycle();
      if (minute >= 2) gets += sent;
      expect(summary.unconfirmed).toEqual({});
      for (const id of ids) {
        const s = await t.state(id);
        expect(s?.status).toBe('Connected');
        expect(h.clock.ms - Date.parse(s!.statusAt!)).toBeLessThan(5 * 60_000);
      }
    }
    expect(gets).toBeLessThan(ids.length * 7);
    expect(gets).toBeGreaterThan(0);
  });

  it.each([
    { reason: 'budget', reads: 0, fault: undefined, maxAgeMinutes: 5 },
    // Every refused GET is retried by the pipeline and pauses the budget, so a throttled cycle takes seconds: a
    // shorter max age keeps the case to three cycles.
    { reason: 'throttled', reads: 1000, fault: '429' as const, maxAgeMinutes: 2 },
  ])('when idle links cannot be confirmed ($reason), then after the max age they read Unknown and the cycle says how many and why', async ({ reason, reads, fault, maxAgeMinutes }) => {
    const t = setup({ TW_STATUS_MAX_AGE_MINUTES: String(maxAgeMinutes) });
    const ids = t.links.map((l) => l.id);
    t.pin(ids);
    await t.cycle();
    t.allowance.reads = reads;
    for (const op of GETS) if (fault) h.sim.addFault({ kind: fault, operation: op });
    let last: Awaited<ReturnType<typeof t.cycle>> | undefined;
    for (let minute = 1; minute <= maxAgeMinutes; minute++) {
      h.clock.advance(60_000);
      t.pin(ids);
      last = await t.cycle();
    }
    expect(last!.summary.byStatus).toEqual({ Unknown: ids.length });
    expect(last!.summary.unconfirmed).toEqual({ [reason]: ids.length });
    expect(formatCycleStatus(last!.summary)).toContain(`${ids.length} unconfirmed (${reason})`);
    expect(await t.state(ids[0]!)).toMatchObject({ status: 'Unknown', statusReason: `unconfirmed: ${reason}` });
    expect(t.events.filter((e) => e.name === 'StatusUnconfirmed').at(-1)).toMatchObject({ properties: { reason }, measurements: { links: ids.length } });
  }, 90_000);
});
