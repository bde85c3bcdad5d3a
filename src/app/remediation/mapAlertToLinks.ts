import { isWithinScope } from '../../core/ids/armId';
import { isDownStatus } from '../../core/remediation/blastRadius';
import type { AlertTarget } from '../../core/remediation/parseAlert';
import type { LinkState } from '../../core/linkState/linkState';
import { linkGroupOf } from '../../core/ids/linkGroup';
import type { LinkStateRanges } from './remediationPorts';

export interface MappedLink {
  readonly linkId: string;
  readonly linkKey: string;
  readonly incidentId?: string;
}

export interface AlertMapping {
  readonly links: readonly MappedLink[];
  readonly outOfScope: readonly string[];
  /** In-scope targets that name no link the poller knows: never queued (a forged alert must not turn into ARM reads). */
  readonly unknown: readonly string[];
  /** Links a gateway or connection target holds that link state records as up: not queued. */
  readonly notDown: number;
  /** Down links beyond `maxLinks`: not queued. */
  readonly overCap: number;
}

export interface AlertMappingPolicy {
  readonly scopes: readonly string[];
  readonly downStatuses: readonly string[];
  readonly maxLinks: number;
}

/**
 * Turns alert targets into links we watch, with bounded lookups (a point read per link or connection, one RowKey
 * range per gateway; never the whole table): targets outside the configured scopes are set aside (no read at all);
 * a link target is queued as named; a connection or gateway expands only to the links stored as down under it,
 * narrowed by connection name, at most `maxLinks` in all.
 */
export async function mapAlertToLinks(
  targets: readonly AlertTarget[],
  lookup: Pick<LinkStateRanges, 'under'>,
  policy: AlertMappingPolicy,
): Promise<AlertMapping> {
  const links = new Map<string, MappedLink>();
  const outOfScope = new Set<string>();
  const unknown = new Set<string>();
  let notDown = 0;
  let overCap = 0;
  for (const target of targets) {
    if (!policy.scopes.some((s) => isWithinScope(target.resourceId, s))) {
      outOfScope.add(target.resourceId);
      continue;
    }
    const names = target.connectionNames && new Set(target.connectionNames.map((n) => n.toLowerCase()));
    const matching = (await lookup.under(target.resourceId)).filter((l) => !names || names.has(l.connection.toLowerCase()));
    if (matching.length === 0) unknown.add(target.resourceId);
    const namesLink = linkGroupOf(target.resourceId) !== undefined && matching.length === 1;
    for (const l of matching) {
      if (links.has(l.id.toLowerCase())) continue;
      if (!namesLink && !isDownStatus(l.status, policy.downStatuses)) notDown++;
      else if (links.size >= policy.maxLinks) overCap++;
      else links.set(l.id.toLowerCase(), mapped(l));
    }
  }
  return { links: [...links.values()], outOfScope: [...outOfScope], unknown: [...unknown], notDown, overCap };
}

function mapped(l: LinkState): MappedLink {
  return { linkId: l.id, linkKey: l.key, ...(l.incidentId !== undefined && { incidentId: l.incidentId }) };
}
