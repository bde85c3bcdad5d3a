import { isWithinScope, normalizeArmId } from '../../core/armId';
import type { AlertTarget } from '../../core/remediation/parseAlert';
import type { LinkState } from '../../core/linkState';

export interface MappedLink {
  readonly linkId: string;
  readonly incidentId?: string;
}

export interface AlertMapping {
  readonly links: readonly MappedLink[];
  readonly outOfScope: readonly string[];
  /** In-scope targets that name no link the poller knows: never queued (a forged alert must not turn into ARM reads). */
  readonly unknown: readonly string[];
}

/**
 * Turns alert targets into links we watch: targets outside the configured scopes are set aside (no ARM call,
 * no write); a link, connection or gateway expands to the links link state knows under it, narrowed by connection
 * name. Link ids are indexed once, so the work is linear in targets plus links.
 */
export function mapAlertToLinks(
  targets: readonly AlertTarget[],
  states: readonly LinkState[],
  scopes: readonly string[],
): AlertMapping {
  const index = indexLinks(states);
  const links = new Map<string, MappedLink>();
  const outOfScope = new Set<string>();
  const unknown = new Set<string>();
  for (const target of targets) {
    if (!scopes.some((s) => isWithinScope(target.resourceId, s))) {
      outOfScope.add(target.resourceId);
      continue;
    }
    const names = target.connectionNames && new Set(target.connectionNames.map((n) => n.toLowerCase()));
    const matching = (index.get(normalizeArmId(target.resourceId)) ?? []).filter(
      (l) => !names || names.has(l.connection.toLowerCase()),
    );
    for (const l of matching)
      links.set(l.id.toLowerCase(), {
        linkId: l.id,
        ...(l.incidentId !== undefined && { incidentId: l.incidentId }),
      });
    if (matching.length === 0) unknown.add(target.resourceId);
  }
  return { links: [...links.values()], outOfScope: [...outOfScope], unknown: [...unknown] };
}

/** Each link under its own id, its connection's and its gateway's (normalized). */
function indexLinks(states: readonly LinkState[]): Map<string, LinkState[]> {
  const index = new Map<string, LinkState[]>();
  for (const state of states) {
    for (const id of new Set([state.id, state.connectionId, state.gatewayId].map(normalizeArmId))) {
      const list = index.get(id);
      if (list) list.push(state);
      else index.set(id, [state]);
    }
  }
  return index;
}
