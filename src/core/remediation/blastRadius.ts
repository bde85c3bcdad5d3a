import { HUAWEI_HELD_STATUSES } from '../huawei/huaweiStatus';

/** How many links are down out of how many (one gateway, or the whole fleet). */
export interface LinkCount {
  readonly total: number;
  readonly down: number;
}

export interface BlastRadius {
  readonly gateway: LinkCount;
  readonly fleet: LinkCount;
}

export interface BlastAssessment {
  readonly tripped: boolean;
  readonly scope?: 'gateway' | 'fleet';
  readonly detail: string;
}

export function countDown(links: ReadonlyArray<{ readonly status: string }>, downStatuses: readonly string[]): LinkCount {
  return { total: links.length, down: links.filter((l) => isDownStatus(l.status, downStatuses)).length };
}

/** Unknown statuses count as down when the configured set includes Unknown (they are "not connected, unknown"). */
export function isDownStatus(status: string, downStatuses: readonly string[]): boolean {
  // A held provider status (Huawei's PENDING_*, FREEZED, UNKNOWN) is never down, as in trackLinkState.
  if (HUAWEI_HELD_STATUSES.includes(status)) return false;
  if (downStatuses.includes(status)) return true;
  const known = ['Connected', 'Connecting', 'NotConnected', 'Unknown'];
  return !known.includes(status) && downStatuses.includes('Unknown');
}

/**
 * The breaker trips when at least `percent` of a gateway's links (or of all links) are down at once:
 * that is an upstream outage, and resetting tunnels one by one cannot help.
 * A single down link never trips it (otherwise a one-link gateway could never be healed).
 */
export function assessBlastRadius(radius: BlastRadius, percent: number): BlastAssessment {
  const share = (c: LinkCount): string => `${c.down}/${c.total} down`;
  const trips = (c: LinkCount): boolean => c.down >= 2 && c.total > 0 && c.down * 100 >= percent * c.total;
  const detail = `gateway ${share(radius.gateway)}, fleet ${share(radius.fleet)}, breaker at ${percent}%`;
  if (trips(radius.gateway)) return { tripped: true, scope: 'gateway', detail };
  if (trips(radius.fleet)) return { tripped: true, scope: 'fleet', detail };
  return { tripped: false, detail };
}
