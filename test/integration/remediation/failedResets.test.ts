import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { linkKeyFromId } from '../../../src/core/linkKey';
import { startHarness, type Harness } from '../monitoring/monitoringHarness';
import { createSimulatorActuatorKit, type SimulatorActuatorKit } from './simulatorActuatorKit';

let h: Harness;
let kit: SimulatorActuatorKit;
beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'), { lroDurationMs: 0, recoveryAfterResetMs: 0 });
  kit = createSimulatorActuatorKit(h);
});
afterAll(async () => h.stop());

describe('resets that do not help, against the simulator', () => {
  it.each([
    ['fails (the long-running operation ends Failed)', 'reset-fails', 'twremfail', 0],
    ['has no effect (succeeds, the link stays down)', 'reset-no-effect', 'twremnoop', 3],
  ] as const)('when every reset %s, then attempts back off and the incident is quarantined after the attempt limit', async (_name, fault, prefix, index) => {
    const { linkId, pollerRequest } = await kit.makeStuck(prefix, index);
    const { deps, followUps } = kit.actuator(prefix, { TW_MAX_ATTEMPTS_PER_INCIDENT: '3', TW_RESET_COOLDOWN_MINUTES: '1' });
    h.sim.addFault({ kind: fault, id: linkId });
    try {
      const before = kit.resetsOf(linkId);
      const started = h.clock.now().getTime();
      await handleRemediationRequest(deps, pollerRequest, h.clock.now());
      const delays: number[] = [];
      for (let i = 0; i < 20; i++) {
        const next = followUps.drain();
        if (next.length === 0) break;
        for (const m of next) {
          if (m.request.kind === 'remediate') delays.push(m.visibilityDelayMs);
          h.clock.advance(m.visibilityDelayMs);
          await handleRemediationRequest(deps, m.request, h.clock.now());
        }
      }
      const incident = (await deps.incidents.get(linkKeyFromId(linkId)))?.value;
      expect(incident).toMatchObject({ state: 'quarantined', attempts: 3 });
      expect(kit.resetsOf(linkId) - before).toBe(3);
      // Growing back-off: each retry waits longer than the one before.
      expect(delays.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]!);
      const audit = await deps.audit.list({ from: new Date(started - 60_000).toISOString(), to: new Date(h.clock.now().getTime() + 60_000).toISOString(), linkKey: linkKeyFromId(linkId), top: 200 });
      expect(audit.items.some((e) => e.outcome === 'quarantined')).toBe(true);
      expect(h.sim.listLinks().find((l) => l.id === linkId)?.status).not.toBe('Connected');
    } finally {
      h.sim.clearFaults();
    }
  }, 60_000);
});
