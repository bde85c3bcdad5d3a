import { gatewayLabel } from '../../core/ids/linkName';
import { mapLimit } from '../../core/mapLimit';
import type { LinkState } from '../../core/linkState/linkState';
import { currentLinks } from './currentLinks';
import { fleetAvailability, type AvailabilityPoint } from './fleetAvailability';
import { peerLookup, toLinkView, type LinkView, type PeerLookup } from './linkView';
import type { QueryDeps } from './queryPorts';
import { reuseRecent } from './reuseRecent';

/** Bounds that keep the answer small whatever the fleet: the page shows problems, the link list pages the rest. */
export const FLEET_LIMITS = { problemGateways: 200, problemsPerGateway: 25, incidents: 50 } as const;

export interface GatewaySummary {
  readonly gateway: string;
  readonly gatewayId: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly links: number;
  readonly notConnected: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly sites: ReadonlyArray<{
    readonly site: string;
    readonly links: number;
    readonly notConnected: number;
  }>;
  /** Its links that are not Connected, longest down first (at most problemsPerGateway). */
  readonly problems: readonly LinkView[];
}

export interface FleetSummary {
  readonly generatedAt: string;
  readonly totals: {
    readonly links: number;
    readonly gateways: number;
    readonly notConnected: number;
    readonly openIncidents: number;
    readonly byStatus: Readonly<Record<string, number>>;
  };
  /** Gateways with at least one link not Connected, worst first (at most problemGateways). */
  readonly problemGateways: readonly GatewaySummary[];
  /** Everything else, collapsed to counts. */
  readonly healthy: { readonly gateways: number; readonly links: number };
  readonly availability: { readonly intervalMinutes: 60; readonly points: readonly AvailabilityPoint[] };
  /** Links with an open incident, longest down first, with the incident's remediation progress when known. */
  readonly incidents: ReadonlyArray<{
    readonly link: LinkView;
    readonly incident: Readonly<Record<string, unknown>>;
  }>;
}

/** How long one fleet summary answers further /api/fleet requests of the process. */
export const FLEET_SUMMARY_REUSE_MS = 5_000;

type FleetSummaryDeps = Pick<QueryDeps, 'links' | 'rollups' | 'incidents' | 'clock' | 'statusMaxAgeMs'>;

/**
 * getFleetSummary shared among the requests of the next few seconds (single flight): 20 dashboards opening at once
 * cost one summary, not 20 scans and rollup reads. The link state changes once per poll interval, and every view in
 * it carries `generatedAt`, so reuse hides nothing for long. One per process (`deps` is the process's).
 */
export function recentFleetSummary(reuseMs = FLEET_SUMMARY_REUSE_MS): (deps: FleetSummaryDeps) => Promise<FleetSummary> {
  let shared: { readonly deps: FleetSummaryDeps; readonly summary: () => Promise<FleetSummary> } | undefined;
  return (deps) => {
    if (shared?.deps !== deps) shared = { deps, summary: reuseRecent(() => getFleetSummary(deps), () => deps.clock.now().getTime(), reuseMs) };
    return shared.summary();
  };
}

/** GET /api/fleet: what an operator of thousands of links needs first; one link-state read plus one rollup scan per day. */
export async function getFleetSummary(
  deps: FleetSummaryDeps,
): Promise<FleetSummary> {
  const now = deps.clock.now();
  const states = await currentLinks(deps).list();
  const byGateway = new Map<string, LinkState[]>();
  for (const s of states)
    byGateway.set(s.gatewayId.toLowerCase(), [...(byGateway.get(s.gatewayId.toLowerCase()) ?? []), s]);
  const peerOf = peerLookup(states);
  const gateways = [...byGateway.values()].map((links) => summarizeGateway(links, now, peerOf));
  const problems = gateways.filter((g) => g.notConnected > 0).sort(worstFirst);
  const withIncident = states.filter((s) => s.incidentId !== undefined).sort(longestDownFirst);
  const [points, incidents] = await Promise.all([
    fleetAvailability(deps.rollups, states, now),
    mapLimit(withIncident.slice(0, FLEET_LIMITS.incidents), 8, async (s) => ({
      link: toLinkView(s, now, peerOf),
      incident: (await deps.incidents?.get(s.key, s.incidentId!)) ?? { id: s.incidentId },
    })),
  ]);
  const healthy = gateways.filter((g) => g.notConnected === 0);
  return {
    generatedAt: now.toISOString(),
    totals: {
      links: states.length,
      gateways: gateways.length,
      notConnected: states.filter(isProblem).length,
      openIncidents: withIncident.length,
      byStatus: countByStatus(states),
    },
    problemGateways: problems.slice(0, FLEET_LIMITS.problemGateways),
    healthy: { gateways: healthy.length, links: healthy.reduce((n, g) => n + g.links, 0) },
    availability: { intervalMinutes: 60, points },
    incidents,
  };
}

function summarizeGateway(links: readonly LinkState[], now: Date, peerOf: PeerLookup): GatewaySummary {
  const first = links[0]!;
  const sites = new Map<string, { site: string; links: number; notConnected: number }>();
  for (const l of links) {
    const site = sites.get(l.site ?? '') ?? { site: l.site ?? '', links: 0, notConnected: 0 };
    site.links += 1;
    site.notConnected += isProblem(l) ? 1 : 0;
    sites.set(site.site, site);
  }
  const problems = links.filter(isProblem).sort(longestDownFirst);
  return {
    gateway: gatewayLabel(first),
    gatewayId: first.gatewayId,
    resourceGroup: first.resourceGroup,
    subscriptionId: first.subscriptionId,
    links: links.length,
    notConnected: problems.length,
    byStatus: countByStatus(links),
    sites: [...sites.values()].sort(
      (a, b) => b.notConnected - a.notConnected || a.site.localeCompare(b.site),
    ),
    problems: problems.slice(0, FLEET_LIMITS.problemsPerGateway).map((s) => toLinkView(s, now, peerOf)),
  };
}

const isProblem = (s: LinkState): boolean => s.status !== 'Connected';
const downSince = (s: LinkState): number =>
  Date.parse(s.downSince ?? s.statusSince) || Number.POSITIVE_INFINITY;
const longestDownFirst = (a: LinkState, b: LinkState): number =>
  downSince(a) - downSince(b) || a.key.localeCompare(b.key);
const worstFirst = (a: GatewaySummary, b: GatewaySummary): number =>
  b.notConnected - a.notConnected ||
  a.gateway.localeCompare(b.gateway) ||
  a.gatewayId.localeCompare(b.gatewayId);

function countByStatus(states: readonly LinkState[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of states) counts[s.status] = (counts[s.status] ?? 0) + 1;
  return counts;
}
