import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import type { AuditEntry, RemediationDeps } from '../../../src/app/remediation/remediationPorts';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { startHarness, type Harness } from '../monitoring/monitoringHarness';
import { createSimulatorActuatorKit, type SimulatorActuatorKit } from './simulatorActuatorKit';

/**
 * GetIkeSas is a long-running operation (Retry-After, then a result read): on the simulator with a long LRO it is
 * still running when the reset reaches ARM, and its result lands in the audit afterwards.
 */
const LRO_MS = 30_000;
let h: Harness;
let kit: SimulatorActuatorKit;
beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'), { lroDurationMs: LRO_MS, recoveryAfterResetMs: 0, retryAfterSeconds: 1 });
  kit = createSimulatorActuatorKit(h);
});
afterAll(async () => h.stop());

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The link's audit rows, oldest first. */
async function auditOf(deps: RemediationDeps, linkId: string): Promise<AuditEntry[]> {
  const trail = await deps.audit.list({
    from: new Date(h.clock.now().getTime() - 86_400_000).toISOString(),
    to: h.clock.now().toISOString(),
    linkKey: linkKeyFromId(linkId),
    top: 50,
  });
  return [...trail.items].reverse();
}

async function waitForAsync(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('evidence never holds the reset back (simulator + Azurite)', () => {
  it('when GetIkeSas is still running, then the reset reaches the simulator first, its row says evidence pending, and the collected evidence follows', async () => {
    const prefix = 'twevidence';
    const { linkId, pollerRequest } = await kit.makeStuck(prefix, 0);
    const { deps } = kit.actuator(prefix, { TW_IKESAS_TIMEOUT_SECONDS: '20', TW_RESET_TIMEOUT_SECONDS: '20' });
    h.sim.resetCalls();
    let finished = false;
    const handled = handleRemediationRequest(deps, pollerRequest, h.clock.now()).finally(() => void (finished = true));

    await waitFor(() => kit.resetsOf(linkId) === 1, 15_000);
    // The simulator's clock stands still, so no operation started since can have completed: the evidence's result
    // (read from the Location URL once the operation succeeded) has not been read when the reset arrives.
    expect(h.sim.calls().byOperation.Network_Locations_OperationResults ?? 0).toBe(0);
    let resetRow: AuditEntry | undefined;
    await waitForAsync(async () => (resetRow = (await auditOf(deps, linkId)).find((e) => e.step === 'reset' && e.action === 'reset')) !== undefined, 15_000);
    expect(resetRow?.outcome).toBe('accepted');
    expect(resetRow?.evidence).toMatch(/^pending: /);
    expect(finished).toBe(false);

    h.clock.advance(LRO_MS);
    const result = await handled;
    expect(result.outcome).toBe('succeeded');
    const calls = h.sim.calls().byOperation;
    expect(calls.VpnLinkConnections_GetIkeSas).toBe(1);
    expect(calls.VpnLinkConnections_ResetConnection).toBe(1);
    expect(calls.Network_Locations_OperationResults).toBe(1);

    const rows = await auditOf(deps, linkId);
    const steps = rows.map((e) => `${e.step}:${e.outcome}`);
    expect(steps.indexOf('evidence:collected')).toBeGreaterThan(steps.indexOf('reset:accepted'));
    const evidenceRow = rows.find((e) => e.step === 'evidence');
    expect(evidenceRow).toMatchObject({ action: 'get-ike-sas', outcome: 'collected' });
    expect(evidenceRow?.evidence).toMatch(/"Status":"Successful"/);
  });
});
