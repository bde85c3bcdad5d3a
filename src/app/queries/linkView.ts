import { gatewayLabel, linkNamePath } from '../../core/ids/linkName';
import type { LinkState } from '../../core/linkState/linkState';
import { matchPeers } from '../../core/peers/matchPeers';

/** The other end of the same tunnel (matchPeers): enough to show it beside this end and link to it. */
export interface LinkPeerView {
  readonly key: string;
  readonly kind: string;
  /** Its name path (`gateway/connection/link` for vWAN, the connection's name otherwise). */
  readonly name: string;
  readonly status: string;
  readonly statusSource?: string;
}

/** Finds a link's peer among `states` (one matching pass; lookups are then a map read). */
export type PeerLookup = (key: string) => LinkState | undefined;

export function peerLookup(states: readonly LinkState[]): PeerLookup {
  const peers = matchPeers(states);
  if (peers.size === 0) return () => undefined;
  const byKey = new Map(states.map((s) => [s.key, s]));
  return (key) => {
    const peer = peers.get(key);
    return peer === undefined ? undefined : byKey.get(peer);
  };
}

function toPeerView(peer: LinkState): LinkPeerView {
  return { key: peer.key, kind: peer.kind, name: linkNamePath(peer), status: peer.status, ...(peer.statusSource !== undefined && { statusSource: peer.statusSource }) };
}

/** A link as every list and detail response shows it (stable field names, docs/api.md). */
export interface LinkView {
  readonly id: string;
  readonly key: string;
  readonly kind: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** The gateway's name (Huawei: the VPN gateway's name when known, else its id; vgwId always holds the id). */
  readonly gateway: string;
  readonly connection: string;
  readonly link: string;
  /** VPN site (vWAN), local network gateway (classic) or customer gateway (Huawei) by name (Huawei: its id when the name is unknown). */
  readonly site?: string;
  readonly siteLink?: string;
  /** Huawei Cloud: region, project, VPN gateway and customer gateway ids. */
  readonly region?: string;
  readonly projectId?: string;
  readonly vgwId?: string;
  readonly cgwId?: string;
  /** Huawei Cloud active-standby gateways: `master` (active) or `slave` (standby). */
  readonly haRole?: string;
  readonly status: string;
  /** The provider's own status word (Huawei: ACTIVE, DOWN, ERROR, UNKNOWN, FREEZED, PENDING_*). */
  readonly providerStatus?: string;
  readonly statusSince: string;
  /** How the status was last confirmed: list, get (a read of the link) or traffic (its counters grew). */
  readonly statusSource?: string;
  /** When the status was last confirmed; `statusAgeSeconds` is its age at the time of the answer. */
  readonly statusAt?: string;
  readonly statusAgeSeconds?: number;
  /** `unconfirmed: budget|throttled|forbidden|error` when the status could not be confirmed within the max age. */
  readonly statusReason?: string;
  readonly downSince?: string;
  /** Seconds the link has been continuously down (0 while up). */
  readonly downForSeconds: number;
  readonly provisioningState?: string;
  /** Rates in bits per second; null when unknown (no counters from the provider, or no previous poll yet), never a made-up 0. */
  readonly ingressBps: number | null;
  readonly egressBps: number | null;
  readonly incidentId?: string;
  readonly lastResetAt?: string;
  readonly lastPolledAt: string;
  /** The other end of the tunnel when tunnelwatch watches it too (paired by address); absent otherwise. */
  readonly peer?: LinkPeerView;
}

export function toLinkView(state: LinkState, now: Date, peerOf?: PeerLookup): LinkView {
  const peer = peerOf?.(state.key);
  const downForSeconds = state.downSince ? Math.max(0, Math.floor((now.getTime() - Date.parse(state.downSince)) / 1000)) : 0;
  return {
    id: state.id,
    key: state.key,
    kind: state.kind,
    subscriptionId: state.subscriptionId,
    resourceGroup: state.resourceGroup,
    gateway: gatewayLabel(state),
    connection: state.connection,
    link: state.link,
    site: state.site,
    siteLink: state.siteLink,
    region: state.region,
    projectId: state.projectId,
    vgwId: state.vgwId,
    cgwId: state.cgwId,
    haRole: state.haRole,
    status: state.status,
    providerStatus: state.providerStatus,
    statusSince: state.statusSince,
    statusSource: state.statusSource,
    statusAt: state.statusAt,
    statusAgeSeconds: state.statusAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(state.statusAt)) / 1000)) : undefined,
    statusReason: state.statusReason,
    downSince: state.downSince,
    downForSeconds,
    provisioningState: state.provisioningState,
    ingressBps: state.ingressBps ?? null,
    egressBps: state.egressBps ?? null,
    incidentId: state.incidentId,
    lastResetAt: state.lastResetAt,
    lastPolledAt: state.lastPolledAt,
    ...(peer && { peer: toPeerView(peer) }),
  };
}
