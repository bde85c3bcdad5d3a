import { HttpRequest, InvocationContext } from '@azure/functions';
// Lists carry status here (a named simulator option) so polling 300 links stays quick; what is counted is remediation's ARM calls.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { buildRemediationRequest, parseRemediationRequest, type RemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { alertsHandler } from '../../../src/functions/alerts';
import { startHarness, type Harness } from '../monitoring/monitoringHarness';
import { createSimulatorActuatorKit, type SimulatorActuatorKit } from './simulatorActuatorKit';

let h: Harness;
let kit: SimulatorActuatorKit;
beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'), { fleet: '1x10x15x2', statusInLists: true, lroDurationMs: 0, recoveryAfterResetMs: 0 });
  kit = createSimulatorActuatorKit(h);
}, 120_000);
afterAll(async () => h.stop());

/** ARM calls the simulator counted since `before`, by operation. */
function callsSince(before: Record<string, number>): Record<string, number> {
  const now = h.sim.calls().byOperation;
  return Object.fromEntries(Object.entries(now).map(([op, n]) => [op, n - (before[op] ?? 0)]).filter(([, n]) => (n as number) > 0));
}
const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

describe('remediation never starves monitoring (300 links, simulator + Azurite)', () => {
  it('when an alert names every gateway (vWAN and classic), then only links stored as down are queued, one request per link, and deciding them costs a handful of ARM reads', async () => {
    const prefix = 'twremflood';
    const monitoring = h.deps(prefix);
    const { deps, alert } = kit.actuator(prefix);
    const vwan = h.sim.listLinks().filter((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly');
    const gateways = [...new Set(h.sim.listLinks().map((l) => l.gatewayId))];
    expect(h.sim.listLinks().length).toBeGreaterThanOrEqual(300);
    expect(gateways.length).toBeGreaterThanOrEqual(10);
    const classic = h.sim.listLinks().find((l) => l.kind === 'classic' && l.connectionType === 'IPsec')!;
    const [stuck1, stuck2, fresh1, fresh2] = [vwan[0]!, vwan[40]!, vwan[80]!, classic];
    for (const l of [stuck1, stuck2]) h.sim.setLinkState({ id: l.id, scenario: 'stuck' });
    for (let i = 0; i < 7; i++) {
      if (i === 5) for (const l of [fresh1, fresh2]) h.sim.setLinkState({ id: l.id, scenario: 'stuck' });
      await runPollCycle(monitoring);
      h.clock.advance(60_000);
    }
    const pollerRequests = (await createJsonQueue(h.connection, `${prefix}-remediation`).peekJson(32)).map(parseRemediationRequest);
    expect(pollerRequests.map((r) => r.linkId).sort()).toEqual([stuck1.id, stuck2.id].sort());
    await deps.permissions!(); // the permission check, once per process, is not part of any request

    const before = { ...h.sim.calls().byOperation };
    const body = {
      schemaId: 'azureMonitorCommonAlertSchema',
      data: {
        essentials: { alertId: `/subscriptions/${stuck1.id.split('/')[2]}/providers/Microsoft.AlertsManagement/alerts/flood-1`, alertRule: 'vpn-tunnel-down', monitorCondition: 'Fired', monitoringService: 'Platform', signalType: 'Metric', alertTargetIDs: gateways },
        alertContext: { conditionType: 'SingleResourceMultipleMetricCriteria', condition: { allOf: [{ metricName: 'TunnelAverageBandwidth' }] } },
      },
    };
    const response = await alertsHandler(() => Promise.resolve(alert))(
      new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/alerts', body: { string: JSON.stringify(body) }, headers: { 'content-type': 'application/json' } }),
      new InvocationContext({ functionName: 'alerts' }),
    );
    const answer = response.jsonBody as { linkIds: string[]; alreadyQueued?: number };
    expect([response.status, answer.linkIds.sort(), answer.alreadyQueued]).toEqual([202, [fresh1.id, fresh2.id].sort(), 2]);
    expect(callsSince(before)).toEqual({});

    const queued = (await createJsonQueue(h.connection, `${prefix}-remediation`).peekJson(32)).map(parseRemediationRequest);
    const fromAlert = queued.filter((r) => r.source === 'alert');
    for (const r of fromAlert) expect((await handleRemediationRequest(deps, r, h.clock.now())).reason).toBe('below-threshold');
    expect(callsSince(before)).toEqual({});

    for (const r of pollerRequests) await handleRemediationRequest(deps, r, h.clock.now());
    const spent = callsSince(before);
    expect([kit.resetsOf(stuck1.id), kit.resetsOf(stuck2.id)]).toEqual([1, 1]);
    // Per reset: the link, its gateway's provisioning state, GetIkeSas and the reset (each POST plus its status reads).
    expect(Object.keys(spent).filter((op) => /List/.test(op))).toEqual([]);
    expect(spent['VpnGateways_Get']).toBe(2);
    expect(total(spent)).toBeLessThanOrEqual(16);
  }, 180_000);

  it('when requests arrive for 50 healthy links, then they are decided from storage with zero ARM calls', async () => {
    const prefix = 'twremhealthy';
    const monitoring = h.deps(prefix);
    const { deps } = kit.actuator(prefix);
    for (let i = 0; i < 2; i++) {
      await runPollCycle(monitoring);
      h.clock.advance(60_000);
    }
    await deps.permissions!();
    const healthy = h.sim.listLinks().filter((l) => l.status === 'Connected').slice(0, 50);
    expect(healthy).toHaveLength(50);
    const before = { ...h.sim.calls().byOperation };
    const reasons = new Set<string>();
    for (const [i, l] of healthy.entries()) {
      const request: RemediationRequest = buildRemediationRequest({ requestId: `healthy-${i}`, kind: 'remediate', linkId: l.id, source: 'operator', requestedBy: 'test', requestedAt: h.clock.now() });
      reasons.add((await handleRemediationRequest(deps, request, h.clock.now())).reason);
    }
    expect([...reasons]).toEqual(['not-down']);
    expect(callsSince(before)).toEqual({});
  }, 120_000);
});
