import { stableHash64 } from './stableBucket';

/**
 * The id of the incident for one down streak of one link: a pure function of the link key and the streak start,
 * so re-runs, duplicate timers and at-least-once queues always name the same incident.
 */
export function incidentIdFor(linkKey: string, downSince: string): string {
  return `inc-${Date.parse(downSince).toString(36)}-${stableHash64(linkKey)}`;
}
