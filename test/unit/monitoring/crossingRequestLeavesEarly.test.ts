import { describe, expect, it } from 'vitest';
import { createInMemoryTable } from '../../support/fakes/inMemoryTable';
import { createTableLinkStateStore } from '../../../src/adapters/storage/tableLinkStateStore';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import type { RemediationQueue } from '../../../src/app/ports';
import { TunnelwatchError } from '../../../src/core/errors';
import { linkKeyFromId, stateRowKeyOfLinkKey } from '../../../src/core/ids/linkKey';
import type { LinkObservation } from '../../../src/core/snapshot/projectLink';
import type { RemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { buildMonitoringDeps } from '../../support/monitoringFakes';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const GW = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw';
const TARGET = { kind: 'vpnGateway' as const, id: GW, subscriptionId: 's1', resourceGroup: 'rg' };
/** More connections than one state transaction holds (100), so a chunk's state is written in two batches. */
const CONNECTIONS = 150;
const DOWN = `${GW}/vpnConnections/c0/vpnSiteLinkConnections/l0`;

function fleetLinks(): LinkObservation[] {
  return Array.from({ length: CONNECTIONS }, (_, c) => {
    const id = `${GW}/vpnConnections/c${c}/vpnSiteLinkConnections/l0`;
    return {
      topology: { id, key: linkKeyFromId(id), kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: 'gw', gatewayId: GW, connection: `c${c}`, connectionId: `${GW}/vpnConnections/c${c}`, link: 'l0' },
      configuration: {},
      status: id === DOWN ? 'NotConnected' : 'Connected',
      ingressBytes: '0',
      egressBytes: '0',
      tags: {},
    };
  });
}

/**
 * The state table, with a switch that holds back every state transaction not naming the down link's connection
 * until released: the chunk's other writes are then provably still in flight.
 */
function holdingStateTable() {
  const table = createInMemoryTable('st');
  let held: Promise<void> | undefined;
  let release: () => void = () => undefined;
  let heldBatches = 0;
  const downRow = (actions: Parameters<typeof table.batch>[0]): boolean => actions.some(([, entity]) => String(entity.connectionId).toLowerCase() === `${GW}/vpnConnections/c0`.toLowerCase());
  return {
    table: {
      ...table,
      batch: async (actions: Parameters<typeof table.batch>[0]) => {
        if (held && !downRow(actions)) {
          heldBatches++;
          await held;
        }
        return table.batch(actions);
      },
    },
    hold: () => void (held = new Promise<void>((resolve) => (release = resolve))),
    release: () => {
      held = undefined;
      release();
    },
    heldBatches: () => heldBatches,
  };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition never held');
}

describe('a crossing link\'s remediation request leaves as soon as its state is written', () => {
  it('when a link crosses the threshold, then its request is sent while the chunk\'s other state writes are still in flight, and only after its own state names the incident', async () => {
    const states = holdingStateTable();
    const sent: Array<{ request: RemediationRequest; pendingInState: string | undefined }> = [];
    const store = createTableLinkStateStore(states.table);
    const queue: RemediationQueue = {
      send: async (request) => {
        // What the state table held for the link at the moment of the send: crash safety needs the incident there.
        const row = await states.table.get('state', stateRowKeyOfLinkKey(linkKeyFromId(DOWN)));
        const recorded = typeof row?.links === 'string' && row.links.includes(`"pendingRequestFor":"${request.incidentId}"`);
        sent.push({ request, pendingInState: recorded ? 'recorded' : undefined });
      },
    };
    const { deps, fleet, advance } = buildMonitoringDeps(T0, { states: store, remediationQueue: queue });
    fleet.set(TARGET, fleetLinks());
    for (let minute = 0; minute < 5; minute++) {
      await runPollCycle(deps);
      advance(60_000);
    }
    expect(sent).toHaveLength(0);

    states.hold();
    let done = false;
    const cycle = runPollCycle(deps).finally(() => void (done = true));
    try {
      await until(() => sent.length === 1);
      expect(states.heldBatches()).toBeGreaterThan(0);
      expect(done).toBe(false);
    } finally {
      states.release();
    }
    const summary = await cycle;
    expect(summary.requestsEnqueued).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.request).toMatchObject({ linkId: DOWN, source: 'poller', kind: 'remediate' });
    expect(sent[0]?.pendingInState).toBe('recorded');
    // Sent, then cleared: the next cycles send nothing more for the same incident.
    advance(60_000);
    await runPollCycle(deps);
    expect(sent).toHaveLength(1);
  });

  it('when the send fails, then the chunk\'s other state writes still land, the cycle reports the failure and the next cycle sends the request once', async () => {
    const sent: RemediationRequest[] = [];
    let failNext = false;
    const queue: RemediationQueue = {
      send: async (request) => {
        if (failNext) {
          failNext = false;
          throw new TunnelwatchError('STORAGE.UNAVAILABLE', 'queue down', true);
        }
        sent.push(request);
      },
    };
    const { deps, fleet, advance } = buildMonitoringDeps(T0, { remediationQueue: queue });
    fleet.set(TARGET, fleetLinks());
    for (let minute = 0; minute < 5; minute++) {
      await runPollCycle(deps);
      advance(60_000);
    }
    failNext = true;
    await expect(runPollCycle(deps)).rejects.toThrow('queue down');
    const polledAt = new Date(T0 + 5 * 60_000).toISOString();
    expect((await deps.states.list()).filter((s) => s.lastPolledAt === polledAt)).toHaveLength(CONNECTIONS);
    advance(60_000);
    await runPollCycle(deps);
    advance(60_000);
    await runPollCycle(deps);
    expect(sent.map((r) => r.linkId)).toEqual([DOWN]);
  });
});
