import { describe, expect, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { chunkReadBudget, createStatusReadBudget, STATUS_READS_PER_POLL_CAP, URGENT_GETS_FLOOR } from '../../../src/app/monitoring/statusReadBudget';
import { CHUNK_LINKS } from '../../../src/app/monitoring/pollTargets';
import { createInMemoryFleetReader } from '../../support/fakes/inMemoryFleetReader';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkObservation } from '../../../src/core/snapshot/projectLink';
import { buildMonitoringDeps } from '../../support/monitoringFakes';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const GW = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw';
const TARGET = { kind: 'vpnGateway' as const, id: GW, subscriptionId: 's1', resourceGroup: 'rg' };

/** A link as a list without connectionStatus shows it (counters only), one per VPN connection. */
function listedWithoutStatus(i: number, bytes = '100'): LinkObservation {
  const connectionId = `${GW}/vpnConnections/c${i}`;
  const id = `${connectionId}/vpnSiteLinkConnections/l1`;
  return {
    topology: { id, key: linkKeyFromId(id), kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: 'gw', gatewayId: GW, connection: `c${i}`, connectionId, link: 'l1' },
    configuration: {},
    ingressBytes: bytes,
    egressBytes: bytes,
    tags: {},
  };
}

describe('status reads without a shared read budget', () => {
  it('when the fleet reader offers no allowance, then a poll sends at most the fixed cap of GETs per subscription and reports the rest unconfirmed (budget)', async () => {
    const { deps, fleet } = buildMonitoringDeps(T0);
    const links = Array.from({ length: STATUS_READS_PER_POLL_CAP + 30 }, (_, i) => listedWithoutStatus(i));
    fleet.set(TARGET, links);
    for (const l of links) fleet.setStatus(l.topology.id, { status: 'Connected' });

    const summary = await runPollCycle(deps);

    expect(fleet.statusReads).toHaveLength(STATUS_READS_PER_POLL_CAP);
    expect(summary.statusReads).toBe(STATUS_READS_PER_POLL_CAP);
    expect(summary.byStatus).toEqual({ Connected: STATUS_READS_PER_POLL_CAP, Unknown: 30 });
    expect(summary.unconfirmed).toEqual({ budget: 30 });
  });

  it('when a GET is refused, then that link is unconfirmed for the refusal, not for the budget', async () => {
    const { deps, fleet } = buildMonitoringDeps(T0);
    const link = listedWithoutStatus(1);
    fleet.set(TARGET, [link]);
    fleet.setStatus(link.topology.id, { code: 'ARM.FORBIDDEN' });
    const summary = await runPollCycle(deps);
    expect(summary.unconfirmed).toEqual({ forbidden: 1 });
    expect(await deps.states.get(link.topology.key)).toMatchObject({ status: 'Unknown', statusReason: 'unconfirmed: forbidden' });
  });

  it('counts what it spent per subscription for the poll, and with a shared allowance holds the cycle to what it had left', () => {
    const own = createStatusReadBudget(createInMemoryFleetReader(), 10);
    own.spend('s1', 7);
    expect([own.allowance('s1'), own.allowance('s2')]).toEqual([3, 10]);
    own.spend('s1', 7);
    expect(own.allowance('s1')).toBe(0);
    const shared = createStatusReadBudget({ ...createInMemoryFleetReader(), readAllowance: (s) => (s === 's1' ? 42.9 : -5) }, 10);
    expect([shared.allowance('s1'), shared.allowance('s2')]).toEqual([42, 0]);
    shared.spend('s1', 40);
    expect(shared.allowance('s1')).toBe(2);
  });
});

describe('status reads with a shared read budget', () => {
  it('when every chunk of a cycle asks, then the GETs of the cycle stay within what its minute serves, less the lists it still sends', () => {
    const { fleet } = buildMonitoringDeps(T0);
    // The rolling allowance looks a full minute ahead, so it stays large while the cycle spends.
    const reader = Object.assign(fleet, { readAllowance: () => 600 });
    const budget = createStatusReadBudget(reader, STATUS_READS_PER_POLL_CAP, () => 100);
    expect(budget.allowance('s1')).toBe(500);
    budget.spend('s1', 300);
    expect(budget.allowance('s1')).toBe(200);
    budget.spend('s1', 200);
    expect(budget.allowance('s1')).toBe(0);
  });

  it('when the reads of the previous cycle still fill the rolling minute, then the cycle still plans GETs for the minute to come', () => {
    const { fleet } = buildMonitoringDeps(T0);
    // Nothing may go out at once, but the previous cycle's reads leave the window while this one runs.
    const reader = Object.assign(fleet, { readAllowance: (_s: string, horizonMs?: number) => (horizonMs === undefined ? 0 : 600) });
    const budget = createStatusReadBudget(reader, STATUS_READS_PER_POLL_CAP, () => 100);
    expect(budget.allowance('s1')).toBe(500);
  });
});


describe('status reads spread over the chunks of a cycle', () => {
  it('a chunk may spend its part of what the cycle has left, and what it leaves passes on', () => {
    const budget = createStatusReadBudget(createInMemoryFleetReader(), 100);
    expect(chunkReadBudget(budget, () => 0.25).allowance('s1')).toBe(25);
    chunkReadBudget(budget, () => 0.25).spend('s1', 10);
    expect(chunkReadBudget(budget, () => 1 / 3).allowance('s1')).toBe(30);
    expect(chunkReadBudget(budget, () => 1).allowance('s1')).toBe(90);
  });

  it('when the cap cannot serve every link of a fleet polled in several chunks, then the last chunk gets its share of the GETs too', async () => {
    const { deps, fleet } = buildMonitoringDeps(T0);
    const gateways = Array.from({ length: 20 }, (_, g) => `${GW}${g}`);
    for (const gw of gateways) {
      const links = Array.from({ length: 200 }, (_, i) => {
        const connectionId = `${gw}/vpnConnections/c${Math.floor(i / 2)}`;
        const id = `${connectionId}/vpnSiteLinkConnections/l${i % 2}`;
        const gateway = gw.split('/').at(-1)!;
        return { ...listedWithoutStatus(0), topology: { ...listedWithoutStatus(0).topology, id, key: linkKeyFromId(id), gateway, gatewayId: gw, connection: `c${Math.floor(i / 2)}`, connectionId, link: `l${i % 2}` } };
      });
      fleet.set({ ...TARGET, id: gw }, links);
    }

    const summary = await runPollCycle(deps);

    // The fleet reader lists 4 gateways at a time, so the first chunk closes after 16 of the 20 (3,200 links).
    expect(20 * 200).toBeGreaterThan(CHUNK_LINKS);
    const lastChunk = [...gateways].sort((a, b) => deps.states.stateOrder(a).localeCompare(deps.states.stateOrder(b))).slice(16);
    const readsOfLastChunk = fleet.statusReads.filter((id) => lastChunk.some((gw) => id.startsWith(`${gw}/`)));
    expect(summary.statusReads).toBe(STATUS_READS_PER_POLL_CAP);
    expect(readsOfLastChunk).toHaveLength(Math.floor(STATUS_READS_PER_POLL_CAP - Math.floor((STATUS_READS_PER_POLL_CAP * 16) / 20)));
  });
});

describe('the suspects\' urgent allowance', () => {
  const withBudget = (serves: number) => ({ ...createInMemoryFleetReader(), readAllowance: () => serves });

  it('is what the budget serves less the lists still to send, and at least a few GETs when the lists would take the rest', () => {
    expect(createStatusReadBudget(withBudget(500), undefined, () => 92).urgentAllowance!('s1')).toBe(408);
    expect(createStatusReadBudget(withBudget(20), undefined, () => 92).urgentAllowance!('s1')).toBe(URGENT_GETS_FLOOR);
    expect(createStatusReadBudget(withBudget(3), undefined, () => 92).urgentAllowance!('s1')).toBe(3);
  });

  it('when suspects spent reads before the cycle fixed its cap, then the later chunks see the cycle\'s budget less those reads, once', () => {
    // A budget that already counts what was sent (like the pacer): 500 before the suspects, 470 after their 30 GETs.
    let serves = 500;
    const budget = createStatusReadBudget({ ...createInMemoryFleetReader(), readAllowance: () => serves }, undefined, () => 0);
    budget.spend('s1', 30);
    serves = 470;
    expect(budget.allowance('s1')).toBe(470);
    // Only the suspects' chunk may use the urgent allowance; another chunk's view has none.
    expect(chunkReadBudget(budget, () => 1).urgentAllowance).toBeUndefined();
    expect(chunkReadBudget(budget, () => 1, true).urgentAllowance!('s1')).toBe(470);
  });
});
