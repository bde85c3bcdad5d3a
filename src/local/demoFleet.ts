import type { SimulatorHandle } from '../simulator';

/** The demo fleet `npm start` runs: a few gateways, one link stuck until reset, one flapping. */
export const DEMO_FLEET_SPEC = '1x3x2x2';

export interface DemoLinks {
  readonly stuckLinkId: string;
  readonly flappingLinkId: string;
}

/** Picks two ordinary (Default-mode, vWAN) links on different gateways and sets their scenarios. */
export function stageDemoScenarios(sim: SimulatorHandle, flapSeconds = 45): DemoLinks {
  const candidates = sim.listLinks().filter((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly');
  const stuck = candidates[0];
  const flapping = candidates.find((l) => stuck && l.gatewayId !== stuck.gatewayId);
  if (!stuck || !flapping) throw new Error('demo fleet has too few links for the demo scenarios');
  sim.setLinkState({ id: stuck.id, status: 'NotConnected', scenario: 'stuck' });
  sim.setLinkState({ id: flapping.id, scenario: 'flap', seconds: flapSeconds });
  return { stuckLinkId: stuck.id, flappingLinkId: flapping.id };
}
