import type { LinkState } from '../../core/linkState/linkState';
import { HOUR_MS } from '../../core/queries/queryLimits';
import { hourOf } from '../../core/rollups/hourlyRollup';
import type { FleetHour, RollupStore } from './queryPorts';

/** One point of the fleet availability chart: an hour, how many links were down in it, on average and at all. */
export interface AvailabilityPoint extends FleetHour {
  /** Average number of links down over the hour (down seconds / seconds observed in the hour). */
  readonly avgLinksDown: number;
  /** True for the current hour: estimated from link state, not from rollups (they are written once it ends). */
  readonly partial?: boolean;
}

export const AVAILABILITY_HOURS = 24;

/**
 * Links down per hour over the last 24 h: the 23 finished hours from the hourly rollups (one scan per day
 * partition), and the current hour from link state (links down now, or down earlier this hour).
 */
export async function fleetAvailability(
  rollups: RollupStore,
  states: readonly LinkState[],
  now: Date,
): Promise<AvailabilityPoint[]> {
  const current = Date.parse(hourOf(now.toISOString()));
  const hours = Array.from({ length: AVAILABILITY_HOURS - 1 }, (_, i) =>
    new Date(current - (AVAILABILITY_HOURS - 1 - i) * HOUR_MS).toISOString(),
  );
  const finished = (await rollups.readFleetHours(hours)).map((h) => ({
    ...h,
    avgLinksDown: round(h.downSeconds / 3600),
  }));
  return [...finished, currentHour(states, current, now.getTime())];
}

function currentHour(states: readonly LinkState[], hourStart: number, nowMs: number): AvailabilityPoint {
  const elapsed = Math.max(1, (nowMs - hourStart) / 1000);
  let linksDown = 0;
  let downSeconds = 0;
  for (const s of states) {
    const downNow = s.status !== 'Connected';
    const recovered =
      !downNow &&
      s.previousStatus !== undefined &&
      s.previousStatus !== 'Connected' &&
      Date.parse(s.lastTransitionAt ?? '') >= hourStart;
    if (!downNow && !recovered) continue;
    linksDown += 1;
    if (downNow)
      downSeconds += Math.max(
        0,
        (nowMs - Math.max(hourStart, Date.parse(s.downSince ?? s.statusSince) || hourStart)) / 1000,
      );
  }
  return {
    hour: new Date(hourStart).toISOString(),
    links: states.length,
    linksDown,
    downSeconds: Math.round(downSeconds),
    avgLinksDown: round(downSeconds / elapsed),
    partial: true,
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;
