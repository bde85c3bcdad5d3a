import { describe, expect, it } from 'vitest';
import { createInMemoryTable } from '../../support/fakes/inMemoryTable';
import { createTableLinkStateStore } from '../../../src/adapters/storage/tableLinkStateStore';
import { createTableRollupStore } from '../../../src/adapters/storage/tableRollupStore';
import type { MonitoringDeps } from '../../../src/app/monitoring/monitoringDeps';
import type { RollupWriter } from '../../../src/app/monitoring/monitoringPorts';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { CHUNK_LINKS } from '../../../src/app/monitoring/pollTargets';
import type { RemediationQueue } from '../../../src/app/ports';
import { TunnelwatchError } from '../../../src/core/errors';
import { InMemoryTelemetry } from '../../../src/adapters/telemetry/noopTelemetry';
import { TELEMETRY_NAMES } from '../../../src/core/telemetryNames';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { buildMonitoringDeps, inMemorySlices } from '../../support/monitoringFakes';
import type { LinkObservation } from '../../../src/core/snapshot/projectLink';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const GW = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw';
const TARGET = { kind: 'vpnGateway' as const, id: GW, subscriptionId: 's1', resourceGroup: 'rg' };

function buildObservation(status: string, link = 'l1'): LinkObservation {
  const id = `${GW}/vpnConnections/c1/vpnSiteLinkConnections/${link}`;
  return {
    topology: { id, key: linkKeyFromId(id), kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: 'gw', gatewayId: GW, connection: 'c1', connectionId: `${GW}/vpnConnections/c1`, link },
    configuration: {},
    status,
    ingressBytes: '0',
    egressBytes: '0',
    tags: {},
  };
}

function buildDeps(overrides: Partial<MonitoringDeps> = {}) {
  return buildMonitoringDeps(T0, overrides);
}

describe('runPollCycle with in-memory fakes', () => {
  it('when telemetry is wired, then each cycle reports links by status, its cost, throttles and every link\'s throughput', async () => {
    const telemetry = new InMemoryTelemetry();
    const { deps, fleet, advance } = buildDeps({ telemetry });
    fleet.set(TARGET, [buildObservation('Connected', 'l1'), buildObservation('NotConnected', 'l2')]);
    await runPollCycle(deps);
    advance(60_000);
    fleet.set(TARGET, [{ ...buildObservation('Connected', 'l1'), ingressBytes: '7500000', egressBytes: '750000' }, buildObservation('NotConnected', 'l2')]);
    telemetry.metrics.length = 0;
    await runPollCycle(deps);
    const { metrics, dimensions } = TELEMETRY_NAMES;
    const named = (name: string) => telemetry.metrics.filter((m) => m.name === name);
    expect(named(metrics.linksByStatus).map((m) => [m.properties[dimensions.status], m.value]).sort()).toEqual([['Connected', 1], ['NotConnected', 1]]);
    expect(named(metrics.cycleThrottles)).toHaveLength(1);
    expect(named(metrics.cycleDurationMs)).toHaveLength(1);
    const l1 = `${GW}/vpnConnections/c1/vpnSiteLinkConnections/l1`;
    expect(named(metrics.linkIngressBps).find((m) => m.properties[dimensions.linkId] === l1)?.value).toBe(1_000_000);
    expect(named(metrics.linkEgressBps).find((m) => m.properties[dimensions.linkId] === l1)?.value).toBe(100_000);
  });

  it('when the enqueue fails after the incident was recorded, then the next cycle sends the request, once', async () => {
    const sent: unknown[] = [];
    let failNext = false;
    const flaky: RemediationQueue = {
      send: async (request) => {
        if (failNext) {
          failNext = false;
          throw new TunnelwatchError('STORAGE.UNAVAILABLE', 'queue down', true);
        }
        sent.push(request);
      },
    };
    const { deps, fleet, advance } = buildDeps({ remediationQueue: flaky });
    fleet.set(TARGET, [buildObservation('NotConnected')]);
    for (let minute = 0; minute < 5; minute++) {
      await runPollCycle(deps);
      advance(60_000);
    }
    failNext = true;
    await expect(runPollCycle(deps)).rejects.toThrow('queue down');
    for (let minute = 0; minute < 4; minute++) {
      advance(60_000);
      await runPollCycle(deps);
    }
    expect(sent).toHaveLength(1);
  });

  it('when remediation records a reset between the read and the write, then the poller re-applies on fresh state and keeps it', async () => {
    const stateTable = createInMemoryTable('st');
    const remediationSide = createTableLinkStateStore(stateTable);
    const key = buildObservation('Connected').topology.key;
    let raced = false;
    // The poller's batch write is preceded, once, by remediation's ETag-safe write of lastResetAt.
    const racingTable = {
      ...stateTable,
      batch: async (actions: Parameters<typeof stateTable.batch>[0]) => {
        if (!raced && actions.some(([kind]) => kind === 'update')) {
          raced = true;
          await remediationSide.recordReset(key, new Date(T0).toISOString());
        }
        return stateTable.batch(actions);
      },
    };
    const { deps, fleet, advance } = buildDeps({ states: createTableLinkStateStore(racingTable) });
    fleet.set(TARGET, [buildObservation('Connected')]);
    await runPollCycle(deps);
    advance(60_000);
    fleet.set(TARGET, [buildObservation('NotConnected')]);
    await runPollCycle(deps);
    expect(raced).toBe(true);
    expect(await deps.states.get(key)).toMatchObject({ lastResetAt: new Date(T0).toISOString(), status: 'NotConnected', previousStatus: 'Connected' });
  });

  it('when a gateway fails, then the failure is in the summary and the run row', async () => {
    const { deps, fleet } = buildDeps();
    fleet.set(TARGET, new TunnelwatchError('ARM.FORBIDDEN', 'no access'));
    const summary = await runPollCycle(deps);
    expect(summary.failures).toEqual([{ gatewayId: GW, code: 'ARM.FORBIDDEN', message: 'no access' }]);
    expect((await deps.pollRuns.recent(T0, T0))[0]?.failures).toEqual(summary.failures);
  });
});

describe('hourly rollups maintained by the poll cycle', () => {
  const HOUR0 = new Date(T0).toISOString();
  /** One cycle a minute for `minutes` cycles, the link moving 1,000 bytes in per minute. */
  async function pollMinutes(setup: ReturnType<typeof buildDeps>, from: number, to: number) {
    const summaries = [];
    for (let minute = from; minute < to; minute++) {
      setup.fleet.set(TARGET, [{ ...buildObservation('Connected'), ingressBytes: String(minute * 1000), egressBytes: '0' }]);
      summaries.push(await runPollCycle(setup.deps, { now: new Date(T0 + minute * 60_000) }));
    }
    return summaries;
  }

  it('when the rollup table fails at the hour boundary, then the hour stays pending and the next cycle writes it, once and whole', async () => {
    const store = createTableRollupStore(inMemorySlices().rollups);
    let failures = 1;
    const flaky: RollupWriter = {
      writeHour: async (hour, rollups) => {
        if (failures-- > 0) throw new TunnelwatchError('STORAGE.UNAVAILABLE', 'rollups down', true);
        await store.writeHour(hour, rollups);
      },
    };
    const setup = buildDeps({ rollups: flaky });
    const key = buildObservation('Connected').topology.key;
    const summaries = await pollMinutes(setup, 0, 63);

    expect(summaries.slice(60).map((s) => [s.rollupsFlushed, s.rollupsPending])).toEqual([[0, 1], [1, 0], [0, 0]]);
    expect(await store.readLinkHours(key, [HOUR0])).toEqual([expect.objectContaining({ hour: HOUR0, samples: 60, upSamples: 60, observedSeconds: 59 * 60, ingressBytes: String(59 * 1000) })]);
  });

  it('when a cycle is re-run at the same time, then its sample is not counted twice', async () => {
    const setup = buildDeps({ rollups: createTableRollupStore(inMemorySlices().rollups) });
    const store = setup.deps.rollups as ReturnType<typeof createTableRollupStore>;
    await pollMinutes(setup, 0, 30);
    await pollMinutes(setup, 29, 61);
    expect((await store.readLinkHours(buildObservation('Connected').topology.key, [HOUR0]))[0]).toMatchObject({ samples: 60, ingressBytes: String(59 * 1000) });
  });
});

describe('a fleet larger than one chunk', () => {
  /** Gateway g with `connections` connections of two links each; every tenth connection is down. */
  function gatewayLinks(g: number, connections: number): { target: typeof TARGET; links: LinkObservation[] } {
    const gw = `/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw${g}`;
    const links = Array.from({ length: connections * 2 }, (_, i) => {
      const c = Math.floor(i / 2);
      const id = `${gw}/vpnConnections/c${c}/vpnSiteLinkConnections/l${i % 2}`;
      return {
        ...buildObservation(c % 10 === 0 ? 'NotConnected' : 'Connected'),
        topology: { id, key: linkKeyFromId(id), kind: 'vwan' as const, subscriptionId: 's1', resourceGroup: 'rg', gateway: `gw${g}`, gatewayId: gw, connection: `c${c}`, connectionId: `${gw}/vpnConnections/c${c}`, link: `l${i % 2}` },
      };
    });
    return { target: { ...TARGET, id: gw }, links };
  }

  it('when 4,000 links are polled in chunks, then every link is stored once, the summary counts them all and round trips stay within 1 per 50 links', async () => {
    const { deps, fleet, advance } = buildDeps();
    for (let g = 0; g < 20; g++) {
      const { target, links } = gatewayLinks(g, 100);
      fleet.set(target, links);
    }
    await runPollCycle(deps);
    advance(60_000);
    const summary = await runPollCycle(deps);

    expect(4000).toBeGreaterThan(CHUNK_LINKS);
    expect([summary.links, summary.byStatus]).toEqual([4000, { Connected: 3600, NotConnected: 400 }]);
    expect(summary.tableRoundTrips).toBeLessThanOrEqual(4000 / 50);
    const states = await deps.states.list();
    expect(new Set(states.map((s) => s.key)).size).toBe(4000);
    expect(states.every((s) => s.lastPolledAt === new Date(T0 + 60_000).toISOString())).toBe(true);
    // Snapshots held back for full transactions are written by the end of the cycle, in every chunk.
    const sampled = [0, 1999, 3999].map((i) => states[i]!.key);
    for (const key of sampled) expect(await deps.snapshots.history(key, { fromMs: T0, toMs: T0 + 60_000 })).toHaveLength(2);
  });
});
