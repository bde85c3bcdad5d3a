import { computeRates } from './computeRates';
import type { LinkSnapshot } from './linkSnapshot';
import type { LinkState } from '../linkState/linkState';
import type { LinkObservation } from './projectLink';

/**
 * Turns an observation into the stored snapshot, deriving rates from the previous state.
 * A status ARM did not report is stored as 'Unknown' (the documented default). A counter ARM did not report
 * keeps the last known value and yields no rate, so a gap never shows up as a fake restart or a fake burst.
 */
export function buildSnapshot(observation: LinkObservation, previous: LinkState | undefined, nowMs: number): LinkSnapshot {
  const polledAt = new Date(nowMs).toISOString();
  const ingressBytes = observation.ingressBytes ?? previous?.ingressBytes ?? '0';
  const egressBytes = observation.egressBytes ?? previous?.egressBytes ?? '0';
  const countersReported = observation.ingressBytes !== undefined && observation.egressBytes !== undefined;
  const rates =
    countersReported && previous
      ? computeRates(
          { ingressBytes: previous.ingressBytes, egressBytes: previous.egressBytes, atMs: Date.parse(previous.lastPolledAt) },
          { ingressBytes, egressBytes, atMs: nowMs },
        )
      : { counterRestart: false };
  return {
    ...observation.topology,
    ...observation.configuration,
    status: observation.status ?? 'Unknown',
    ...(observation.providerStatus !== undefined && { providerStatus: observation.providerStatus }),
    ...(observation.provisioningState !== undefined && { provisioningState: observation.provisioningState }),
    ingressBytes,
    egressBytes,
    ...(rates.ingressBps !== undefined && { ingressBps: rates.ingressBps }),
    ...(rates.egressBps !== undefined && { egressBps: rates.egressBps }),
    ...(rates.counterRestart && { counterRestart: true }),
    polledAt,
  };
}
