import type { LinkConfiguration } from '../../core/snapshot/linkSnapshot';
import type { LinkPolicyOverrides, LinkState } from '../../core/linkState/linkState';
import { currentLinks } from './currentLinks';
import { peerLookup, toLinkView, type LinkView, type PeerLookup } from './linkView';
import type { QueryDeps } from './queryPorts';
import { resolveLink, type ResolveOptions } from './resolveLink';

export interface LinkDetail extends LinkView {
  readonly connectionType?: string;
  readonly previousStatus?: string;
  readonly lastTransitionAt?: string;
  readonly ingressBytes: string;
  readonly egressBytes: string;
  readonly lastCounterRestartAt?: string;
  readonly configuration: LinkConfiguration;
  readonly overrides: LinkPolicyOverrides;
  readonly recentTransitions: ReadonlyArray<{ readonly at: string; readonly from?: string; readonly to: string }>;
  /** The open incident: its id, plus what the incident store knows when it is wired in. */
  readonly openIncident?: Readonly<Record<string, unknown>>;
}

const RECENT_TRANSITIONS = 20;
// Transitions are stored per day; two weeks keeps this a handful of partition reads.
const RECENT_WINDOW_MS = 14 * 24 * 3_600_000;

export async function getLink(
  deps: Pick<QueryDeps, 'links' | 'transitions' | 'incidents' | 'clock' | 'statusMaxAgeMs'>,
  reference: string,
  options: ResolveOptions = {},
): Promise<LinkDetail> {
  const links = currentLinks(deps);
  const state = await resolveLink({ links }, reference, options);
  const key = state.key;
  const now = deps.clock.now();
  const [transitions, incident, peerOf] = await Promise.all([
    deps.transitions.readRange(key, {
      from: new Date(now.getTime() - RECENT_WINDOW_MS).toISOString(),
      to: new Date(now.getTime() + 60_000).toISOString(),
      order: 'desc',
      limit: RECENT_TRANSITIONS,
    }),
    state.incidentId && deps.incidents ? deps.incidents.get(key, state.incidentId) : Promise.resolve(undefined),
    peersOf(links, state),
  ]);
  return {
    ...toLinkView(state, now, peerOf),
    connectionType: state.connectionType,
    previousStatus: state.previousStatus,
    lastTransitionAt: state.lastTransitionAt,
    ingressBytes: state.ingressBytes,
    egressBytes: state.egressBytes,
    lastCounterRestartAt: state.lastCounterRestartAt,
    configuration: {
      mode: state.mode,
      protocol: state.protocol,
      bandwidthMbps: state.bandwidthMbps,
      bgp: state.bgp,
      dpdTimeoutSeconds: state.dpdTimeoutSeconds,
    },
    overrides: state.overrides,
    recentTransitions: transitions.map((t) => ({ at: t.at, ...(t.from !== undefined && { from: t.from }), to: t.to })),
    ...(state.incidentId !== undefined && { openIncident: { ...incident, id: state.incidentId } }),
  };
}

/** A link without both addresses can have no peer: only then is the rest of the fleet read to find one. */
async function peersOf(links: QueryDeps['links'], state: LinkState): Promise<PeerLookup | undefined> {
  if (state.remoteAddress === undefined || !state.localAddresses?.length) return undefined;
  return peerLookup(await links.list());
}
