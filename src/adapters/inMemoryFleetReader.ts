import type { FleetReader } from '../app/monitoring/monitoringPorts';
import { normalizeArmId } from '../core/armId';
import type { PollTarget } from '../core/pollTarget';
import type { LinkObservation } from '../core/projectLink';
import { TunnelwatchError } from '../core/errors';

/** A FleetReader over a mutable map of targets → observations (or an error to throw), for use-case unit tests. */
export function createInMemoryFleetReader(): FleetReader & {
  set(target: PollTarget, observations: readonly LinkObservation[] | TunnelwatchError): void;
} {
  const fleet = new Map<string, { target: PollTarget; result: readonly LinkObservation[] | TunnelwatchError }>();
  let reads = 0;
  return {
    set: (target, observations) => void fleet.set(normalizeArmId(target.id), { target, result: observations }),
    discover: async () => {
      reads++;
      return { targets: [...fleet.values()].map((e) => e.target), failures: [] };
    },
    readTarget: async (target) => {
      reads++;
      const entry = fleet.get(normalizeArmId(target.id));
      if (!entry) throw new TunnelwatchError('ARM.NOT_FOUND', `${target.id} not found`);
      if (entry.result instanceof TunnelwatchError) throw entry.result;
      return { observations: entry.result, fallbackReads: 0 };
    },
    requestCounts: () => ({ InMemory: reads }),
  };
}
