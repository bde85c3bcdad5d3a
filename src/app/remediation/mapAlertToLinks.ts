import { isWithinScope, parseArmId, sameArmId } from '../../core/armId';
import type { AlertTarget } from '../../core/remediation/parseAlert';
import type { LinkState } from '../../core/linkState';

export interface MappedLink {
  readonly linkId: string;
  readonly incidentId?: string;
}

export interface AlertMapping {
  readonly links: readonly MappedLink[];
  readonly outOfScope: readonly string[];
}

/** Link-level resource types: an alert naming one of these can be queued even before the poller has seen it. */
const LINK_LEVEL = ['connections', 'vpnlinkconnections', 'vpnsitelinkconnections'];

/**
 * Turns alert targets into links we watch: targets outside the configured scopes are set aside (no ARM call,
 * no write); a gateway or connection expands to its links from our state, narrowed by connection name.
 * Remote IP dimensions are kept in the audit only: link state does not record peer addresses.
 */
export function mapAlertToLinks(targets: readonly AlertTarget[], states: readonly LinkState[], scopes: readonly string[]): AlertMapping {
  const links = new Map<string, MappedLink>();
  const outOfScope = new Set<string>();
  for (const target of targets) {
    if (!scopes.some((s) => isWithinScope(target.resourceId, s))) {
      outOfScope.add(target.resourceId);
      continue;
    }
    const matching = states.filter(
      (l) =>
        (sameArmId(l.id, target.resourceId) || sameArmId(l.connectionId, target.resourceId) || sameArmId(l.gatewayId, target.resourceId)) &&
        (target.connectionName === undefined || l.connection.toLowerCase() === target.connectionName.toLowerCase()),
    );
    for (const l of matching) links.set(l.id.toLowerCase(), { linkId: l.id, ...(l.incidentId !== undefined && { incidentId: l.incidentId }) });
    const lastType = parseArmId(target.resourceId)?.resources.at(-1)?.[0]?.toLowerCase() ?? '';
    if (matching.length === 0 && LINK_LEVEL.includes(lastType)) links.set(target.resourceId.toLowerCase(), { linkId: target.resourceId });
  }
  return { links: [...links.values()], outOfScope: [...outOfScope] };
}
