import { fleetNames, startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../src/simulator';
import { manualClock } from '../simHttp';

export const PROJECT = '0123456789abcdef0123456789abcdef';
export const REGION = 'ap-southeast-1';
export const PAIRED_LINK = `/subscriptions/${fleetNames.subscriptionId(0)}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000/vpnConnections/conn-00-000-00/VpnSiteLinkConnections/link-00-000-00-0`;

/** A small Azure fleet and one Huawei project: 5 ordinary connections and one paired with an Azure link (6 in all). */
export async function startHuaweiSim(options: SimulatorOptions = {}): Promise<{ sim: SimulatorHandle; clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock(Date.UTC(2026, 5, 1, 12));
  const sim = await startSimulator({
    fleet: '1x1x1x1',
    now: clock.now,
    huaweiSignatureNow: clock.now,
    retryAfterSeconds: 0,
    recoveryAfterResetMs: 3000,
    huawei: { projects: [{ region: REGION, projectId: PROJECT, connections: 5, pairedLinks: [PAIRED_LINK] }] },
    ...options,
  });
  return { sim, clock };
}
