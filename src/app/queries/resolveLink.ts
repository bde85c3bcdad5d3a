import { TunnelwatchError } from '../../core/errors';
import { isLinkKey, linkKeyFromId } from '../../core/ids/linkKey';
import { linkNamePath } from '../../core/ids/linkName';
import type { LinkState } from '../../core/linkState/linkState';
import type { LinkStateReader } from '../ports';
import { linkNotFound } from './queryErrors';

export interface ResolveOptions {
  /** Narrows a name path to one subscription (id, any case). */
  readonly subscription?: string;
}

/** How many candidates an ambiguity error lists. */
const MAX_CANDIDATES = 10;

/**
 * The monitored link a person or a program names, as
 * - its key (as served by the API),
 * - its ARM id (any case), or
 * - a name path: `gateway/connection/link` (vWAN, optionally `resourceGroup/` first), `gateway/connection` or
 *   `connection` (Huawei: the VPN gateway's name, or its id until the name is known; optionally the region first) or
 *   `connection` (classic, optionally `resourceGroup/connection`), matched case-insensitively as ARM names are.
 * A `/` may arrive percent-encoded (`%2F`) from a route segment. LINK.NOT_FOUND when nothing matches (also for keys
 * of links not in link state: keys cannot be decoded), LINK.AMBIGUOUS listing the candidates when a name matches more
 * than one link.
 */
export async function resolveLink(
  deps: { readonly links: LinkStateReader },
  reference: string,
  options: ResolveOptions = {},
): Promise<LinkState> {
  const ref = reference.replace(/%2f/gi, '/').trim();
  if (isLinkKey(ref) || ref.toLowerCase().startsWith('/subscriptions/')) {
    const state = await deps.links.get(isLinkKey(ref) ? ref : linkKeyFromId(ref));
    if (!state) throw linkNotFound(ref);
    return state;
  }
  const parts = ref.split('/');
  if (ref.length === 0 || ref.length > 1024 || parts.length > 4 || parts.some((p) => p.length === 0))
    throw linkNotFound(ref);
  const matches = (await deps.links.list()).filter((s) => matchesName(s, parts, options.subscription));
  const [only, ...others] = matches;
  if (!only) throw linkNotFound(ref);
  if (others.length > 0) throw ambiguous(ref, matches);
  return only;
}

function matchesName(s: LinkState, parts: readonly string[], subscription: string | undefined): boolean {
  if (subscription !== undefined && s.subscriptionId.toLowerCase() !== subscription.toLowerCase())
    return false;
  const wanted = parts.map((p) => p.toLowerCase());
  if (s.kind === 'huawei') return matchesHuaweiName(s, wanted);
  const names =
    s.kind === 'vwan' ? [s.resourceGroup, s.gateway, s.connection, s.link] : [s.resourceGroup, s.connection];
  const have = names.map((n) => n.toLowerCase());
  // The name path is the tail of [resourceGroup, …]; vWAN needs at least gateway/connection/link, classic the connection.
  const minimum = s.kind === 'vwan' ? 3 : 1;
  if (wanted.length < minimum || wanted.length > have.length) return false;
  return have.slice(have.length - wanted.length).every((n, i) => n === wanted[i]);
}

/** `[region/]gateway/connection` or `connection`; the gateway by name or by id (vgw_id), the region being the resource group. */
function matchesHuaweiName(s: LinkState, wanted: readonly string[]): boolean {
  const connection = wanted.at(-1);
  if (connection !== s.connection.toLowerCase()) return false;
  if (wanted.length === 1) return true;
  const gateways = [s.gatewayName, s.gateway, s.vgwId].filter((g): g is string => g !== undefined).map((g) => g.toLowerCase());
  if (!gateways.includes(wanted.at(-2)!)) return false;
  return wanted.length === 2 || (wanted.length === 3 && wanted[0] === s.resourceGroup.toLowerCase());
}

function ambiguous(ref: string, matches: readonly LinkState[]): TunnelwatchError {
  const candidates = matches
    .slice(0, MAX_CANDIDATES)
    .map((s) => ({
      key: s.key,
      id: s.id,
      name: `${s.resourceGroup}/${linkNamePath(s)}`,
      subscriptionId: s.subscriptionId,
    }));
  const more = matches.length > MAX_CANDIDATES ? ` and ${matches.length - MAX_CANDIDATES} more` : '';
  return new TunnelwatchError(
    'LINK.AMBIGUOUS',
    `'${ref.slice(0, 200)}' names ${matches.length} links; add the resource group (resourceGroup/${ref.slice(0, 200)}) or the subscription, or use a key: ${candidates.map((c) => c.name).join(', ')}${more}`,
    false,
    { candidates },
  );
}
