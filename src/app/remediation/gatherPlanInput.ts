import { isWithinScope } from '../../core/armId';
import { haPartnerOf, withoutPairedStandbys } from '../../core/huawei/haPartnerOf';
import { countDown, type BlastRadius } from '../../core/remediation/blastRadius';
import type { Incident } from '../../core/remediation/incident';
import type { LedgerFacts, PlanInput } from '../../core/remediation/planRemediation';
import type { PeerFacts } from '../../core/remediation/remediationGuards';
import type { HaPartnerFacts } from '../../core/remediation/standbyGuard';
import { linkKeyFromId } from '../../core/linkKey';
import { matchPeers } from '../../core/matchPeers';
import type { LinkSnapshot } from '../../core/linkSnapshot';
import type { ScopePermissions } from '../../core/permissions/assessPermissions';
import type { LinkState } from '../../core/linkState';
import type { RemediationRequest } from '../../core/remediationRequest';
import type { RemediationDeps } from './remediationPorts';

const NO_LINKS = { total: 0, down: 0 };

/**
 * Everything the planner needs, read just before deciding: the link, its gateway and the gateway's links
 * fresh from ARM; our own state, ledger and fleet counts from storage. Nothing is read from ARM when the link
 * is out of scope or remediation is disabled (kill switch: touch nothing).
 */
export async function gatherPlanInput(
  deps: RemediationDeps,
  request: RemediationRequest,
  state: LinkState | undefined,
  incident: Incident | undefined,
  now: Date,
): Promise<PlanInput> {
  const { settings } = deps;
  const base = { linkId: request.linkId, request, state, incident, policy: settings, now };
  const inScope = settings.scopes.some((s) => isWithinScope(request.linkId, s));
  if (!inScope || settings.remediationMode === 'disabled') {
    return { ...base, fresh: undefined, gatewayProvisioningState: undefined, ledger: { resetsInLastHour: 0 }, blast: { gateway: NO_LINKS, fleet: NO_LINKS } };
  }
  const permissions = await scopePermissions(deps, request.linkId);
  const fresh = await deps.network.readLink(request.linkId);
  const gatewayId = fresh?.gatewayId ?? state?.gatewayId;
  if (!fresh || !gatewayId) {
    return { ...base, ...(permissions && { permissions }), fresh, gatewayProvisioningState: undefined, ledger: { resetsInLastHour: 0 }, blast: { gateway: NO_LINKS, fleet: NO_LINKS } };
  }
  const [gatewayProvisioningState, gatewayLinks, fleet, ledger] = await Promise.all([
    deps.network.readGatewayProvisioningState(gatewayId),
    deps.network.readGatewayLinks(gatewayId),
    deps.linkStates.list(),
    ledgerFacts(deps, gatewayId, now),
  ]);
  const peer = await peerFacts(deps, state?.key ?? linkKeyFromId(request.linkId), fleet);
  const haPartner = haPartnerFacts(fresh, gatewayLinks);
  return {
    ...base,
    ...(permissions && { permissions }),
    ...(peer && { peer }),
    ...(haPartner && { haPartner }),
    fresh,
    gatewayProvisioningState,
    ledger,
    blast: blastRadius(gatewayLinks, fleet, fresh, settings.downStatuses),
  };
}

/** The other connection of a Huawei active-standby pair, from the gateway's fresh list (no extra read). */
function haPartnerFacts(fresh: LinkSnapshot, gatewayLinks: readonly LinkSnapshot[]): HaPartnerFacts | undefined {
  const partner = haPartnerOf(fresh, gatewayLinks);
  if (partner?.haRole === undefined) return undefined;
  return { key: partner.key, haRole: partner.haRole, status: partner.status, ...(partner.providerStatus !== undefined && { providerStatus: partner.providerStatus }) };
}

/** The tunnel's other end, paired from stored link state (no ARM read), with its incident for a claim in flight. */
async function peerFacts(deps: RemediationDeps, linkKey: string, fleet: readonly LinkState[]): Promise<PeerFacts | undefined> {
  const peerKey = matchPeers(fleet).get(linkKey);
  if (peerKey === undefined) return undefined;
  const state = fleet.find((l) => l.key === peerKey);
  const incident = (await deps.incidents.get(peerKey))?.value;
  return { key: peerKey, ...(state && { state }), ...(incident && { incident }) };
}

/** The permission check of the (first) configured scope that holds the link. */
async function scopePermissions(deps: RemediationDeps, linkId: string): Promise<ScopePermissions | undefined> {
  if (!deps.permissions) return undefined;
  return (await deps.permissions()).find((p) => isWithinScope(linkId, p.scope));
}

async function ledgerFacts(deps: RemediationDeps, gatewayId: string, now: Date): Promise<LedgerFacts> {
  const [resetsInLastHour, gatewayHeldBy] = await Promise.all([deps.ledger.resetsInLastHour(now), deps.ledger.gatewayHeldBy(gatewayId, now)]);
  return { resetsInLastHour, ...(gatewayHeldBy !== undefined && { gatewayHeldBy }) };
}

/**
 * The gateway share comes from the fresh ARM read; the fleet share from our state, with this gateway's links fresh.
 * A Huawei active-standby pair counts once (by its active connection): both down is one tunnel down.
 */
function blastRadius(allGatewayLinks: readonly LinkSnapshot[], fleet: readonly LinkState[], fresh: LinkSnapshot, downStatuses: readonly string[]): BlastRadius {
  const gatewayId = fresh.gatewayId.toLowerCase();
  const gatewayLinks = withoutPairedStandbys(allGatewayLinks);
  const others = withoutPairedStandbys(fleet.filter((l) => l.gatewayId.toLowerCase() !== gatewayId));
  return {
    gateway: countDown(gatewayLinks, downStatuses),
    fleet: countDown([...others, ...gatewayLinks], downStatuses),
  };
}
