import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
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
  ] as const)(
    'when every reset %s, then attempts back off and the incident is quarantined after the attempt limit',
    async (_name, fault, prefix, index) => {
      const { linkId, pollerRequest } = await kit.makeStuck(prefix, index);
      const { deps, followUps } = kit.actuator(prefix, {
        TW_MAX_ATTEMPTS_PER_INCIDENT: '3',
        TW_RESET_COOLDOWN_MINUTES: '1',
      });
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
        const audit = await deps.audit.list({
          from: new Date(started - 60_000).toISOString(),
          to: new Date(h.clock.now().getTime() + 60_000).toISOString(),
          linkKey: linkKeyFromId(linkId),
          top: 200,
        });
        expect(audit.items.some((e) => e.outcome === 'quarantined')).toBe(true);
        expect(h.sim.listLinks().find((l) => l.id === linkId)?.status).not.toBe('Connected');
      } finally {
        h.sim.clearFaults();
        // Leave the gateway healthy, so the next case's link is not held back by the blast-radius breaker.
        h.sim.setLinkState({ id: linkId, status: 'Connected', scenario: 'none' });
      }
    },
    60_000,
  );

  it.each([
    ['429', 'twremst429', 6],
    ['500', 'twremst500', 9],
  ] as const)(
    'when ARM accepts every reset but each status poll answers %s, then it is one POST per attempt, never inside the cooldown, and the audit says unknown until the post-check decides',
    async (fault, prefix, index) => {
      const { linkId, pollerRequest } = await kit.makeStuck(prefix, index);
      const { deps, followUps } = kit.actuator(prefix, {
        TW_MAX_ATTEMPTS_PER_INCIDENT: '3',
        TW_RESET_COOLDOWN_MINUTES: '5',
      });
      h.sim.addFault({ kind: 'reset-no-effect', id: linkId });
      for (const operation of ['Network_Locations_OperationResults', 'Network_Locations_Operations'] as const)
        h.sim.addFault({ kind: fault, operation });
      try {
        const before = kit.resetsOf(linkId);
        const started = h.clock.now().getTime();
        await handleRemediationRequest(deps, pollerRequest, h.clock.now());
        // Duplicates and alerts keep arriving every minute while the outcome is unknown.
        for (let minute = 0; minute < 4; minute++) {
          h.clock.advance(60_000);
          await handleRemediationRequest(
            deps,
            { ...pollerRequest, requestId: `dup-${minute}` },
            h.clock.now(),
          );
        }
        expect(kit.resetsOf(linkId) - before).toBe(1);
        await kit.deliverFollowUps(deps, followUps);
        expect(kit.resetsOf(linkId) - before).toBe(3);
        const audit = await deps.audit.list({
          from: new Date(started - 60_000).toISOString(),
          to: new Date(h.clock.now().getTime() + 60_000).toISOString(),
          linkKey: linkKeyFromId(linkId),
          top: 500,
        });
        const rows = [...audit.items].reverse();
        const posts = rows
          .filter((e) => e.step === 'reset' && e.action === 'reset')
          .map((e) => Date.parse(e.at));
        expect(posts).toHaveLength(3);
        for (let i = 1; i < posts.length; i++)
          expect(posts[i]! - posts[i - 1]!).toBeGreaterThanOrEqual(5 * 60_000);
        const story = rows
          .filter((e) => (e.step === 'reset' || e.step === 'postcheck') && e.action !== 'skip')
          .map((e) => e.outcome);
        expect(story.slice(0, 4)).toEqual(['accepted', 'unknown', 'not-recovered', 'accepted']);
        expect(rows.find((e) => e.step === 'reset' && e.outcome === 'unknown')?.lro).toMatch(
          /status unreadable/,
        );
        expect((await deps.incidents.get(linkKeyFromId(linkId)))?.value).toMatchObject({
          state: 'quarantined',
          attempts: 3,
        });
      } finally {
        h.sim.clearFaults();
        h.sim.setLinkState({ id: linkId, status: 'Connected', scenario: 'none' });
      }
    },
    120_000,
  );
});
