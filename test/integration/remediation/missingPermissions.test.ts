import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARM_OPERATIONS, ROLE_ACTIONS } from '../../../src/adapters/arm/armOperations';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { startHarness, type Harness } from '../monitoring/monitoringHarness';
import { createSimulatorActuatorKit, type SimulatorActuatorKit } from './simulatorActuatorKit';

const VWAN_RESET = ARM_OPERATIONS.VpnLinkConnections_ResetConnection;
const ROLE_WITHOUT_RESET = ROLE_ACTIONS.filter(
  (a) => a !== VWAN_RESET,
);

describe('a scope whose role lacks the reset action runs monitoring only', () => {
  let h: Harness;
  let kit: SimulatorActuatorKit;
  beforeAll(async () => {
    h = await startHarness(inject('azuriteConnectionString'));
    kit = createSimulatorActuatorKit(h);
  });
  afterAll(() => h.stop());

  it('when a stuck link is due for a reset, then the actuator skips with missing-permissions naming the action and POSTs nothing', async () => {
    const subscription = `/subscriptions/${h.sim.fleet.subscriptionIds()[0]}`;
    h.sim.setRbac([{ scope: subscription, actions: ROLE_WITHOUT_RESET }]);
    const prefix = 'twnoperm';
    const { linkId, pollerRequest } = await kit.makeStuck(prefix, 0);
    const { deps } = kit.actuator(prefix);
    const result = await handleRemediationRequest(deps, pollerRequest, h.clock.now());
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'missing-permissions' });
    expect(kit.resetsOf(linkId)).toBe(0);
    const trail = await deps.audit.list({
      from: new Date(h.clock.now().getTime() - 86_400_000).toISOString(),
      to: new Date(h.clock.now().getTime() + 1000).toISOString(),
      linkKey: linkKeyFromId(linkId),
      top: 50,
    });
    const guard = trail.items.flatMap((e) => e.guards ?? []).find((g) => g.name === 'permissions');
    expect(guard).toEqual({
      name: 'permissions',
      passed: false,
      detail: `${subscription} lacks ${VWAN_RESET}`,
    });
  });
});
