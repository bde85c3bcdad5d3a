import type { FleetReader, StatusRead } from '../../../src/app/monitoring/monitoringPorts';
import { normalizeArmId } from '../../../src/core/ids/armId';
import type { PollTarget } from '../../../src/core/polling/pollTarget';
import type { LinkObservation } from '../../../src/core/snapshot/projectLink';
import { TunnelwatchError } from '../../../src/core/errors';

/**
 * A FleetReader over a mutable map of targets → observations (or an error to throw), for use-case unit tests.
 * Status GETs answer from `statuses` (a status, or an error code); a link without an entry answers no status.
 */
export function createInMemoryFleetReader(): FleetReader & {
  set(target: PollTarget, observations: readonly LinkObservation[] | TunnelwatchError): void;
  setStatus(linkId: string, read: { readonly status?: string; readonly code?: string }): void;
  /** Link ids GET so far, in order. */
  readonly statusReads: string[];
  /** Target ids listed so far, in order. */
  readonly listed: string[];
} {
  const fleet = new Map<string, { target: PollTarget; result: readonly LinkObservation[] | TunnelwatchError }>();
  const statuses = new Map<string, { readonly status?: string; readonly code?: string }>();
  const statusReads: string[] = [];
  const listed: string[] = [];
  let reads = 0;
  return {
    set: (target, observations) => void fleet.set(normalizeArmId(target.id), { target, result: observations }),
    setStatus: (linkId, read) => void statuses.set(normalizeArmId(linkId), read),
    statusReads,
    listed,
    discover: async () => {
      reads++;
      return { targets: [...fleet.values()].map((e) => e.target), failures: [] };
    },
    listTarget: async (target) => {
      reads++;
      listed.push(target.id);
      const entry = fleet.get(normalizeArmId(target.id));
      if (!entry) throw new TunnelwatchError('ARM.NOT_FOUND', `${target.id} not found`);
      if (entry.result instanceof TunnelwatchError) throw entry.result;
      return { observations: entry.result };
    },
    readStatuses: async (links) =>
      links.map((link): StatusRead => {
        reads++;
        statusReads.push(link.id);
        const set = statuses.get(normalizeArmId(link.id));
        return { id: link.id, ...set };
      }),
    requestCounts: () => ({ InMemory: reads }),
  };
}
