import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import type { RemediationDeps } from '../../../src/app/remediation/remediationPorts';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { parseRemediationRequest, type RemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { alertsHandler } from '../../../src/functions/alerts';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { startHarness, type Harness } from '../monitoring/monitoringHarness';
import { createSimulatorActuatorKit, type SimulatorActuatorKit } from './simulatorActuatorKit';

let h: Harness;
let kit: SimulatorActuatorKit;
beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'), { lroDurationMs: 0, recoveryAfterResetMs: 0 });
  kit = createSimulatorActuatorKit(h);
});
afterAll(async () => h.stop());

describe('remediation against the simulator and Azurite', () => {
  it('when 20 duplicate poller messages, 6 webhook replays and 2 concurrent workers meet one stuck link, then it is reset exactly once and recovers, and the audit shows claim → reset → evidence → recovered', async () => {
    const prefix = 'twremflow';
    const { linkId, pollerRequest } = await kit.makeStuck(prefix, 0);
    const { deps, followUps, alert } = kit.actuator(prefix);
    const link = h.sim.listLinks().find((l) => l.id === linkId)!;
    const gatewayId = linkId.split('/vpnConnections/')[0]!;
    const connectionName = linkId.split('/vpnConnections/')[1]!.split('/')[0]!;
    const webhook = alertsHandler(() => Promise.resolve(alert));
    const alertBody = {
      schemaId: 'azureMonitorCommonAlertSchema',
      data: {
        essentials: { alertId: `/subscriptions/${link.id.split('/')[2]}/providers/Microsoft.AlertsManagement/alerts/flow-1`, alertRule: 'tunnel-bandwidth-zero', monitorCondition: 'Fired', monitoringService: 'Platform', signalType: 'Metric', alertTargetIDs: [gatewayId.toLowerCase()] },
        alertContext: { conditionType: 'SingleResourceMultipleMetricCriteria', condition: { allOf: [{ metricName: 'TunnelAverageBandwidth', dimensions: [{ name: 'ConnectionName', value: connectionName }] }] } },
      },
    };
    const answers: Array<[number, unknown]> = [];
    for (let i = 0; i < 6; i++) {
      const response = await webhook(new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/alerts', body: { string: JSON.stringify(alertBody) }, headers: { 'content-type': 'application/json' } }), new InvocationContext({ functionName: 'alerts' }));
      answers.push([response.status ?? 200, (response.jsonBody as { alreadyQueued?: number }).alreadyQueued]);
    }
    // The poller's request holds the link's request gate: the alert queues nothing more and says so; replays are duplicates.
    expect(answers).toEqual([[200, 1], ...Array.from({ length: 5 }, () => [202, undefined])]);
    const queued = (await createJsonQueue(h.connection, `${prefix}-remediation`).peekJson(32)).map(parseRemediationRequest);
    const fromAlert = queued.filter((m) => m.source === 'alert');
    expect(fromAlert).toEqual([]);

    const messages = [...Array.from({ length: 20 }, () => pollerRequest), ...fromAlert];
    const worker = async (share: RemediationRequest[]): Promise<void> => {
      for (const m of share) await handleRemediationRequest(deps, m, h.clock.now());
    };
    await Promise.all([worker(messages.filter((_, i) => i % 2 === 0)), worker(messages.filter((_, i) => i % 2 === 1))]);
    await kit.deliverFollowUps(deps, followUps);

    expect(kit.resetsOf(linkId)).toBe(1);
    expect(h.sim.listLinks().find((l) => l.id === linkId)?.status).toBe('Connected');
    const incident = await deps.incidents.get(linkKeyFromId(linkId));
    expect(incident?.value).toMatchObject({
      state: 'resolved',
      incidentId: pollerRequest.incidentId,
      attempts: 1,
    });
    const trail = await deps.audit.list({
      from: new Date(h.clock.now().getTime() - 86_400_000).toISOString(),
      to: h.clock.now().toISOString(),
      linkKey: linkKeyFromId(linkId),
      top: 200,
    });
    const acted = [...trail.items]
      .reverse()
      .filter((e) => ['claim', 'evidence', 'reset', 'postcheck'].includes(e.step) && e.action !== 'skip');
    const trailSteps = acted.map((e) => `${e.step}:${e.outcome}`);
    // The evidence row follows the reset's row; whether it lands before or after the tracking row is a race.
    expect(trailSteps.filter((s) => !s.startsWith('evidence:'))).toEqual([
      'claim:skipped',
      'reset:accepted',
      'reset:succeeded',
      'postcheck:recovered',
    ]);
    const evidenceAt = trailSteps.indexOf('evidence:collected');
    expect(evidenceAt).toBeGreaterThan(trailSteps.indexOf('reset:accepted'));
    expect(acted[evidenceAt]?.evidence).toMatch(/"Status":"Successful"/);
    expect(JSON.stringify(trail.items)).not.toContain(h.sim.secrets()[0] ?? 'no-secret');
  });

  it('when the actuator dies between the claim and the reset, then the redelivered message finishes the incident with one reset in total', async () => {
    const prefix = 'twremcrash';
    const { linkId, pollerRequest } = await kit.makeStuck(prefix, 5);
    const { deps, followUps } = kit.actuator(prefix);
    const before = kit.resetsOf(linkId);
    let killed = false;
    const crashing: RemediationDeps = {
      ...deps,
      ledger: {
        ...deps.ledger,
        takeGateway: (...args) => (killed ? deps.ledger.takeGateway(...args) : ((killed = true), Promise.reject(new Error('process killed')))),
      },
    };
    await expect(handleRemediationRequest(crashing, pollerRequest, h.clock.now())).rejects.toThrow('process killed');
    await handleRemediationRequest(crashing, pollerRequest, h.clock.now(), { dequeueCount: 2 });
    await handleRemediationRequest(crashing, pollerRequest, h.clock.now());
    await kit.deliverFollowUps(crashing, followUps);
    expect(kit.resetsOf(linkId) - before).toBe(1);
    expect((await deps.incidents.get(linkKeyFromId(linkId)))?.value.state).toBe('resolved');
  });
});
