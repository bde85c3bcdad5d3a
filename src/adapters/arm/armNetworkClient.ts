import type { FleetReader } from '../../app/monitoring/monitoringPorts';
import type { NetworkActions, PermissionReader } from '../../app/ports';
import { createArmFleetReader, type ArmFleetReaderOptions } from './armFleetReader';
import { createArmLinkActions, type ArmLinkActionsOptions } from './armLinkActions';
import { createArmTransport, type ArmTransportOptions } from './armTransport';

export interface ArmNetworkOptions extends ArmTransportOptions, ArmFleetReaderOptions, ArmLinkActionsOptions {}

export interface ArmNetwork extends FleetReader, NetworkActions, PermissionReader {
  /** 429 answers seen so far. */
  throttles(): number;
}

/**
 * The ARM network adapter: one transport (SDK clients incl. the no-retry action client, pacer, CA trust;
 * armTransport.ts) behind the ports it implements, the fleet reader for monitoring (armFleetReader.ts: discovery,
 * site tags) and the link actions for remediation (armLinkActions.ts: reads, GetIkeSas, the ResetConnection POST
 * and its tracking, the permission read).
 */
export function createArmNetworkClient(options: ArmNetworkOptions): ArmNetwork {
  const transport = createArmTransport(options);
  const { readTargetWithoutSiteTags, ...fleet } = createArmFleetReader(transport, options);
  return {
    ...fleet,
    ...createArmLinkActions(transport, { readTargetWithoutSiteTags }, options),
    throttles: () => transport.pacer.throttled,
  };
}
