import { describe, expect, it } from 'vitest';
import { CHUNK_LINKS } from '../../../src/app/monitoring/pollTargets';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import type { RemediationQueue } from '../../../src/app/ports';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { PollTarget } from '../../../src/core/polling/pollTarget';
import type { LinkObservation } from '../../../src/core/snapshot/projectLink';
import { createTableSuspectHints } from '../../../src/adapters/storage/tableSuspectHints';
import { createInMemoryTable } from '../../support/fakes/inMemoryTable';
import { buildMonitoringDeps } from '../../support/monitoringFakes';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const GATEWAYS = 12;
const gatewayId = (g: number): string => `/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw${String(g).padStart(2, '0')}`;
const target = (g: number): PollTarget => ({ kind: 'vpnGateway', id: gatewayId(g), subscriptionId: 's1', resourceGroup: 'rg' });

function links(g: number, downConnection?: number, connections = 3): LinkObservation[] {
  const gw = gatewayId(g);
  return Array.from({ length: connections }, (_, c) => {
    const id = `${gw}/vpnConnections/c${c}/vpnSiteLinkConnections/l0`;
    return {
      topology: { id, key: linkKeyFromId(id), kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: `gw${g}`, gatewayId: gw, connection: `c${c}`, connectionId: `${gw}/vpnConnections/c${c}`, link: 'l0' },
      configuration: {},
      status: c === downConnection ? 'NotConnected' : 'Connected',
      ingressBytes: '0',
      egressBytes: '0',
      tags: {},
    };
  });
}

/**
 * A fleet polled one gateway at a time (so the order of the lists is the order of the cycle), every minute; with
 * `connections` per gateway large enough, a cycle is more than one chunk (CHUNK_LINKS).
 */
function fleetOfTwelve(queue?: RemediationQueue, connections = 3) {
  const built = buildMonitoringDeps(T0, queue ? { remediationQueue: queue } : {});
  const deps = { ...built.deps, settings: { ...built.deps.settings, armConcurrency: 1 } };
  for (let g = 0; g < GATEWAYS; g++) built.fleet.set(target(g), links(g, undefined, connections));
  const cycle = async (): Promise<string[]> => {
    const before = built.fleet.listed.length;
    await runPollCycle(deps);
    built.advance(60_000);
    return built.fleet.listed.slice(before);
  };
  return { ...built, deps, cycle };
}

describe('suspects first: a gateway holding a link in a down streak is polled at the start of the next cycle', () => {
  it('when a link of the gateway listed last is seen down, then the next cycles list that gateway first, and once it is up again it goes back to its place', async () => {
    const { fleet, cycle } = fleetOfTwelve();
    const usual = await cycle();
    expect(usual).toHaveLength(GATEWAYS);
    const last = usual.at(-1)!;
    const g = Number(last.slice(-2));
    fleet.set(target(g), links(g, 0));

    expect(await cycle()).toEqual(usual); // seen down where it always is
    expect((await cycle())[0]).toBe(last); // then first
    expect((await cycle())[0]).toBe(last);

    fleet.set(target(g), links(g));
    const upAgain = await cycle();
    expect(upAgain[0]).toBe(last); // seen up in the suspects' chunk
    expect(await cycle()).toEqual(usual);
  });

  it('when the link of the gateway listed last crosses its threshold in a cycle of two chunks, then its request is sent before any other gateway is listed', async () => {
    const sentAfterLists: number[] = [];
    let listedAtCycleStart = 0;
    // 12 gateways of 250 links: 3,000 links, so the first chunk closes after 10 gateways (CHUNK_LINKS 2,500).
    const { fleet, cycle } = fleetOfTwelve({ send: async () => void sentAfterLists.push(fleet.listed.length - listedAtCycleStart) }, 250);
    expect(GATEWAYS * 250).toBeGreaterThan(CHUNK_LINKS);
    const last = (await cycle()).at(-1)!;
    const g = Number(last.slice(-2));
    fleet.set(target(g), links(g, 1, 250));
    // Threshold 5 minutes: the cycle 5 minutes after the first one that saw the link down sends the request.
    for (let minute = 0; minute <= 5 && sentAfterLists.length === 0; minute++) {
      listedAtCycleStart = fleet.listed.length;
      await cycle();
    }
    // Its gateway is listed first and judged alone: the request leaves before any other gateway is listed. Without
    // the hint the gateway would be in the second chunk, and the request would leave after all 12 lists.
    expect(sentAfterLists).toEqual([1]);
  });

  it('when a cycle polls chosen gateways only, then it neither follows nor replaces the whole cycle\'s hint', async () => {
    const { deps, fleet, cycle, advance } = fleetOfTwelve();
    const usual = await cycle();
    const last = usual.at(-1)!;
    const g = Number(last.slice(-2));
    fleet.set(target(g), links(g, 0));
    await cycle();
    fleet.set(target(g), links(g));
    const first = usual[0]!;
    await runPollCycle(deps, { gatewayIds: [first, last] });
    advance(60_000);
    // The chosen cycle saw the link up, but the whole cycle's hint still names its gateway.
    expect((await cycle())[0]).toBe(last);
  });

  it('when the stored hint is garbled or names too many targets, then it reads as a bounded list, never an error', async () => {
    const table = createInMemoryTable('l');
    const hints = createTableSuspectHints(table);
    await table.upsert({ partitionKey: 'suspects', rowKey: 'all', targets: '{not json' });
    expect(await hints.read('all')).toEqual([]);
    expect(await hints.read('shard-3')).toEqual([]);
    await hints.write('shard-3', Array.from({ length: 500 }, (_, i) => gatewayId(i)));
    expect(await hints.read('shard-3')).toHaveLength(100);
    expect(await hints.read('all')).toEqual([]);
  });
});
