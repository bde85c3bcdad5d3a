import {
  generateFleet,
  SIM_HUAWEI_ACCESS_KEY,
  SIM_HUAWEI_SECRET_KEY,
  type HuaweiFleetOptions,
  type SimulatorHandle,
} from '../../simulator';

/** The demo fleet `npm start` runs: a few gateways, one link stuck until reset, one flapping. */
export const DEMO_FLEET_SPEC = '1x3x2x2';

/**
 * The demo's Huawei Cloud project: a few VPN connections in one region, one stuck until reset, one paired with an
 * Azure link, and an active-standby pair whose standby is DOWN while its active partner is ACTIVE.
 */
export const DEMO_HUAWEI_REGION = 'ap-southeast-1';
export const DEMO_HUAWEI_PROJECT_ID = '5e1f0c2a9b7d4c3e8f6a1b2c3d4e5f60';
/** As TW_HUAWEI_SCOPES spells it: `<region>:<project_id>`. */
export const DEMO_HUAWEI_SCOPE = `${DEMO_HUAWEI_REGION}:${DEMO_HUAWEI_PROJECT_ID}`;
/** The simulator's dev AK/SK (never a real account's), for TW_HUAWEI_* settings of the local host. */
export const DEMO_HUAWEI_ACCESS_KEY = SIM_HUAWEI_ACCESS_KEY;
export const DEMO_HUAWEI_SECRET_KEY = SIM_HUAWEI_SECRET_KEY;
const DEMO_HUAWEI_CONNECTIONS = 3;

export interface DemoLinks {
  readonly stuckLinkId: string;
  readonly flappingLinkId: string;
  /** Tunnelwatch ids of the Huawei demo connections: the one stuck until reset, the one paired with `pairedAzureLinkId`. */
  readonly stuckHuaweiConnectionId?: string;
  /** Its name (what the dashboard and CLI show). */
  readonly stuckHuaweiConnectionName?: string;
  readonly pairedHuaweiConnectionId?: string;
  readonly pairedAzureLinkId?: string;
}

/**
 * The demo's Huawei project for an Azure fleet spec: three connections plus one that is the other end of an Azure
 * link's tunnel (the last Default-mode vWAN link, so it is neither the stuck nor, usually, the flapping demo link),
 * plus an active-standby pair on its own VPN gateway (the standby DOWN, never reset while the active is ACTIVE).
 * No pairing when the fleet has no Default-mode vWAN link (or is the examples' fleet).
 */
export function demoHuaweiFleet(azureSpec: string): HuaweiFleetOptions {
  const azure = azureSpec === 'examples' ? undefined : generateFleet({ spec: azureSpec }, 0);
  const candidates = (azure?.tunnels() ?? []).filter((owner) => owner.kind === 'vwan' && owner.mode === 'Default');
  const paired = candidates[candidates.length - 1];
  return {
    projects: [
      {
        region: DEMO_HUAWEI_REGION,
        projectId: DEMO_HUAWEI_PROJECT_ID,
        connections: DEMO_HUAWEI_CONNECTIONS,
        gateways: 2,
        pairedLinks: paired ? [paired.id] : [],
        // An active-standby VPN gateway whose standby connection reports DOWN while the active one is ACTIVE.
        activeStandbyPairs: 1,
      },
    ],
  };
}

/** Picks two ordinary (Default-mode, vWAN, unpaired) links on different gateways and sets their scenarios; one Huawei connection is stuck. */
export function stageDemoScenarios(sim: SimulatorHandle, flapSeconds = 45): DemoLinks {
  const links = sim.listLinks();
  const huawei = links.filter((l) => l.kind === 'huawei');
  const pairedHuawei = huawei.find((l) => l.pairedLinkId !== undefined);
  const candidates = links.filter((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly' && l.id !== pairedHuawei?.pairedLinkId);
  const stuck = candidates[0];
  const flapping = candidates.find((l) => stuck && l.gatewayId !== stuck.gatewayId);
  if (!stuck || !flapping) throw new Error('demo fleet has too few links for the demo scenarios');
  sim.setLinkState({ id: stuck.id, status: 'NotConnected', scenario: 'stuck' });
  sim.setLinkState({ id: flapping.id, scenario: 'flap', seconds: flapSeconds });
  const stuckHuawei = huawei.find((l) => l.pairedLinkId === undefined && l.partnerId === undefined);
  if (stuckHuawei) sim.setLinkState({ id: stuckHuawei.id, scenario: 'stuck' });
  return {
    stuckLinkId: stuck.id,
    flappingLinkId: flapping.id,
    ...(stuckHuawei && { stuckHuaweiConnectionId: stuckHuawei.id, ...(stuckHuawei.name && { stuckHuaweiConnectionName: stuckHuawei.name }) }),
    ...(pairedHuawei && { pairedHuaweiConnectionId: pairedHuawei.id, pairedAzureLinkId: pairedHuawei.pairedLinkId }),
  };
}
