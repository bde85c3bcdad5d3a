import { describe, expect, it } from 'vitest';
import { InMemoryRequestGate } from '../../support/fakes/inMemoryRequestGate';
import { enqueuePendingRequests } from '../../../src/app/monitoring/enqueuePendingRequests';
import type { MonitoringDeps } from '../../../src/app/monitoring/monitoringDeps';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { requestManualReset } from '../../../src/app/remediation/requestManualReset';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkState } from '../../../src/core/linkState/linkState';
import { REQUEST_GATE_TTL_MS } from '../../../src/core/remediation/requestGatePolicy';
import { buildLinkState, buildSnapshot, gatewayId, linkId, NOW } from '../../support/builders';
import { buildAlertHarness } from './support/alertHarness';
import { FakeNetwork } from './support/fakeNetwork';
import { buildHarness, FakeQueue } from './support/remediationHarness';

const up = (id: string): LinkState => buildLinkState({ id, status: 'Connected', downSince: undefined, incidentId: undefined });
const down = (id: string): LinkState => buildLinkState({ id, incidentId: undefined });

/** `gateways` gateways × 5 connections × 2 links; the links named in `downLinks` are stored as down. */
function fleet(gateways: number, isDown: (gw: number, conn: number, link: number) => boolean): LinkState[] {
  const states: LinkState[] = [];
  for (let g = 0; g < gateways; g++)
    for (let c = 0; c < 5; c++)
      for (let l = 0; l < 2; l++) {
        const id = linkId(`gw${g}`, `conn${c}`, `link${l}`);
        states.push(isDown(g, c, l) ? down(id) : up(id));
      }
  return states;
}

function alert(targets: readonly string[], alertId = 'a-1', dimensions: Array<{ name: string; value: string }> = []): object {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: { alertId: `/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/${alertId}`, alertRule: 'vpn-tunnel-down', monitorCondition: 'Fired', monitoringService: 'Platform', signalType: 'Metric', alertTargetIDs: targets },
      alertContext: { conditionType: 'SingleResourceMultipleMetricCriteria', condition: { allOf: [{ metricName: 'TunnelAverageBandwidth', dimensions }] } },
    },
  };
}

const gateways = (n: number): string[] => Array.from({ length: n }, (_, g) => gatewayId(`gw${g}`));

describe('bounded fan-out: an alert expands a gateway only to its links stored as down, by bounded lookups', () => {
  it('when an alert names every gateway of a 200-link fleet with 3 links down, then exactly those 3 are queued, with one lookup per gateway and no list of the table', async () => {
    const downLinks = new Set(['0/1/0', '7/4/1', '19/0/0']);
    const h = buildAlertHarness(fleet(20, (g, c, l) => downLinks.has(`${g}/${c}/${l}`)));
    const response = await h.post(alert(gateways(20)));
    expect(response.status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId).sort()).toEqual([linkId('gw0', 'conn1', 'link0'), linkId('gw19', 'conn0', 'link0'), linkId('gw7', 'conn4', 'link1')].sort());
    expect([h.linkStates.lookups, h.linkStates.lists]).toEqual([20, 0]);
    expect(h.audit.entries.find((e) => e.step === 'webhook')?.reason).toBe('enqueued: 3 link(s); 197 link(s) not stored as down, not queued');
  });

  it('when every link of the named gateways is down, then no more than the cap are queued and the rest are counted as over the cap', async () => {
    const h = buildAlertHarness(fleet(3, () => true), { maxQueuedLinks: 12 });
    const response = await h.post(alert(gateways(3)));
    expect([response.status, response.body.linkIds.length]).toEqual([202, 12]);
    expect(h.queue.sent).toHaveLength(12);
    expect(h.audit.entries.find((e) => e.step === 'webhook')?.reason).toContain('18 down link(s) over the cap of 12, not queued');
  });

  it('when a gateway alert finds no link down, then it is acknowledged with 200 no-down-links and nothing is queued', async () => {
    const h = buildAlertHarness(fleet(2, () => false));
    const response = await h.post(alert(gateways(2)));
    expect([response.status, response.body.status, response.body.reason, h.queue.sent.length]).toEqual([200, 'ignored', 'no-down-links', 0]);
  });

  it('when an alert names one link connection stored as up, then that link is queued as named (the actuator decides it from storage)', async () => {
    const h = buildAlertHarness(fleet(2, () => false));
    const response = await h.post(alert([linkId('gw1', 'conn2', 'link1')]));
    expect([response.status, h.queue.sent.map((m) => m.request.linkId)]).toEqual([202, [linkId('gw1', 'conn2', 'link1')]]);
    expect(h.linkStates.lookups).toBe(1);
  });

  it('when an alert names a connection with one of its two links down, then only the down link is queued', async () => {
    const h = buildAlertHarness(fleet(1, (_g, c, l) => c === 3 && l === 1));
    await h.post(alert([`${gatewayId('gw0')}/vpnConnections/conn3`]));
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual([linkId('gw0', 'conn3', 'link1')]);
  });

  it('when the poller has recorded nothing yet, then the sender is asked to retry (503)', async () => {
    const h = buildAlertHarness([]);
    const response = await h.post(alert(gateways(1)));
    expect([response.status, response.body.reason]).toEqual([503, 'no-link-state-yet']);
  });
});

describe('the per-link request gate: one queued request per link, whoever asks', () => {
  it('when a second alert names a link whose request is still queued, then nothing is queued, the answer counts it and the audit says already-queued', async () => {
    const h = buildAlertHarness(fleet(1, (_g, c, l) => c === 0 && l === 0));
    await h.post(alert(gateways(1), 'a-1'));
    const second = await h.post(alert(gateways(1), 'a-2'));
    expect([second.status, second.body.reason, second.body.alreadyQueued, h.queue.sent.length]).toEqual([200, 'already-queued', 1, 1]);
    expect(h.audit.entries.filter((e) => e.reason === 'already-queued').map((e) => e.linkId)).toEqual([linkId('gw0', 'conn0', 'link0')]);
  });

  it('when the actuator has handled the queued request, then the gate is released and the next alert queues again', async () => {
    const stuck = linkId('gw0', 'conn0', 'link0');
    const r = buildHarness({ network: new FakeNetwork([buildSnapshot({ id: stuck })]), states: [down(stuck)], settings: { remediationMode: 'dry-run' } });
    const h = buildAlertHarness([down(stuck)], { gate: r.gate });
    await h.post(alert(gateways(1), 'a-1'));
    await handleRemediationRequest(r.deps, h.queue.sent[0]!.request, NOW);
    const next = await h.post(alert(gateways(1), 'a-2'));
    expect([next.status, h.queue.sent.length]).toEqual([202, 2]);
  });

  it("when the actuator handles one of its own follow-ups, then the alert's gate stays held", async () => {
    const stuck = linkId('gw0', 'conn0', 'link0');
    const r = buildHarness({ states: [down(stuck)] });
    expect(await r.gate.enter(linkKeyFromId(stuck), 'alert-request', NOW)).toBe(true);
    await handleRemediationRequest(r.deps, { v: 1, requestId: 'follow-up', kind: 'remediate', linkId: stuck, source: 'alert', requestedAt: NOW.toISOString() }, NOW);
    expect(await r.gate.enter(linkKeyFromId(stuck), 'another', NOW)).toBe(false);
  });

  it.each([
    ['one minute before the TTL', 'is refused', REQUEST_GATE_TTL_MS - 60_000, false],
    ['at the TTL (the holder was lost)', 'takes the gate over', REQUEST_GATE_TTL_MS, true],
  ])('when another request asks %s, then it %s', async (_when, _then, afterMs, admitted) => {
    const gate = new InMemoryRequestGate();
    expect(await gate.enter('k', 'first', NOW)).toBe(true);
    expect(await gate.enter('k', 'second', new Date(NOW.getTime() + afterMs))).toBe(admitted);
  });

  it('when the holder asks again (a redelivered send) or another holder releases, then the holder keeps the gate', async () => {
    const gate = new InMemoryRequestGate();
    await gate.enter('k', 'first', NOW);
    await gate.release('k', 'someone-else');
    expect([await gate.enter('k', 'first', NOW), await gate.enter('k', 'second', NOW)]).toEqual([true, false]);
  });

  it('when an operator asks to reset a link whose request is queued, then nothing more is queued and the answer says already-queued', async () => {
    const stuck = linkId('gw0', 'conn0', 'link0');
    const r = buildHarness({ states: [down(stuck)] });
    const first = await requestManualReset(r.deps, linkKeyFromId(stuck), { dryRun: false, requestedBy: 'op' }, NOW);
    const second = await requestManualReset(r.deps, linkKeyFromId(stuck), { dryRun: false, requestedBy: 'op' }, NOW);
    expect([first.status, second.status, r.queue.sent.length]).toEqual(['enqueued', 'already-queued', 1]);
    expect(r.audit.entries.at(-1)).toMatchObject({ source: 'operator', reason: 'already-queued', linkId: stuck });
  });

  it("when the poller's pending request meets a link whose alert request is queued, then it is not sent and stays pending for the next cycle", async () => {
    const stuck = linkId('gw0', 'conn0', 'link0');
    const gate = new InMemoryRequestGate();
    await gate.enter(linkKeyFromId(stuck), 'alert-request', NOW);
    const queue = new FakeQueue();
    const updated: string[] = [];
    const deps = {
      remediationQueue: queue,
      requestGate: gate,
      states: { update: (groups: Array<{ connectionId: string }>) => Promise.resolve(void updated.push(...groups.map((g) => g.connectionId))) },
    } as unknown as MonitoringDeps;
    const sent = await enqueuePendingRequests(deps, [{ linkId: stuck, linkKey: linkKeyFromId(stuck), incidentId: 'inc-1' }], NOW.getTime());
    expect([sent, queue.sent.length, updated.length]).toEqual([0, 0, 0]);
    await gate.release(linkKeyFromId(stuck), 'alert-request');
    const next = await enqueuePendingRequests(deps, [{ linkId: stuck, linkKey: linkKeyFromId(stuck), incidentId: 'inc-1' }], NOW.getTime() + 60_000);
    expect([next, queue.sent.map((m) => m.request.requestId), updated.length]).toEqual([1, ['inc-1~poller'], 1]);
  });
});
