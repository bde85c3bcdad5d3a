import type { LinkKind } from '../snapshot/linkSnapshot';

/** What pairing needs of a link: the addresses of its two ends (LinkTopology, LinkState and LinkSnapshot all fit). */
export interface PeerCandidate {
  readonly key: string;
  readonly kind: LinkKind;
  readonly gatewayId: string;
  readonly localAddresses?: readonly string[];
  readonly remoteAddress?: string;
}

/** Which cloud runs a link's end: pairing only joins ends on different providers or on different gateways. */
function providerOf(kind: LinkKind): 'azure' | 'huawei' {
  return kind === 'huawei' ? 'huawei' : 'azure';
}

const normalized = (address: string): string => address.trim().toLowerCase();

function canPair(a: PeerCandidate, b: PeerCandidate): boolean {
  return a.key !== b.key && (providerOf(a.kind) !== providerOf(b.kind) || a.gatewayId.toLowerCase() !== b.gatewayId.toLowerCase());
}

/**
 * The in-flight slot of a tunnel (both ends name the same one): held, like a gateway's, from a claim through its reset,
 * so two ends claimed at the same moment cannot both pass peer-cooldown and both be reset.
 */
export function tunnelSlotId(linkKey: string, peerKey: string): string {
  return `tunnel/${[linkKey, peerKey].sort().join('/')}`;
}

/**
 * The two ends of one tunnel, by key: A and B pair when A's remote address is one of B's local addresses and B's remote
 * address one of A's. A link pairs with at most one other; when several could answer (two connections to the same
 * addresses), no peer is named at all — a wrong pair would mislead an operator and hold back a reset. The result does
 * not depend on the order of `links`. Pure and linear: one index of local addresses, one pass.
 */
export function matchPeers(links: readonly PeerCandidate[]): ReadonlyMap<string, string> {
  const byLocal = new Map<string, PeerCandidate[]>();
  for (const link of links) {
    for (const address of new Set((link.localAddresses ?? []).map(normalized))) {
      const holders = byLocal.get(address);
      if (holders) holders.push(link);
      else byLocal.set(address, [link]);
    }
  }
  const candidatesOf = (link: PeerCandidate): PeerCandidate[] => {
    if (link.remoteAddress === undefined || !link.localAddresses?.length) return [];
    const mine = new Set(link.localAddresses.map(normalized));
    const seen = new Set<string>();
    return (byLocal.get(normalized(link.remoteAddress)) ?? []).filter((other) => {
      if (seen.has(other.key) || !canPair(link, other) || other.remoteAddress === undefined || !mine.has(normalized(other.remoteAddress))) return false;
      seen.add(other.key);
      return true;
    });
  };
  const only = new Map<string, string>();
  for (const link of links) {
    const found = candidatesOf(link);
    if (found.length === 1) only.set(link.key, found[0]!.key);
  }
  // Both ends must name each other alone: a link with two candidates leaves its candidates unpaired as well.
  const peers = new Map<string, string>();
  for (const [key, peer] of only) if (only.get(peer) === key) peers.set(key, peer);
  return peers;
}
