import type { FleetReader } from '../app/monitoring/monitoringPorts';
import type { NetworkActions } from '../app/ports';
import { createArmFleetReader } from './armFleetReader';
import { createArmLinkActions, type ArmLinkActionsOptions } from './armLinkActions';
import { createArmTransport, type ArmTransportOptions } from './armTransport';

export interface ArmNetworkOptions extends ArmTransportOptions, ArmLinkActionsOptions {}

export interface ArmNetwork extends FleetReader, NetworkActions {
  /** 429 answers seen so far. */
  throttles(): number;
}

/**
 * The ARM network adapter: one transport (SDK clients, pacer, CA trust; armTransport.ts) behind both ports it
 * implements, the fleet reader for monitoring (armFleetReader.ts) and the link actions for remediation
 * (armLinkActions.ts: reads, GetIkeSas, the ResetConnection POST and its resume token).
 */
export function createArmNetworkClient(options: ArmNetworkOptions): ArmNetwork {
  const transport = createArmTransport(options);
  const fleet = createArmFleetReader(transport, options.concurrency);
  return { ...fleet, ...createArmLinkActions(transport, fleet, options), throttles: () => transport.pacer.throttled };
}
