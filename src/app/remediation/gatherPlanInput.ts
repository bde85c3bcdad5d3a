import { isWithinScope } from '../../core/ids/armId';
import { haPartnerOf, withoutPairedStandbys } from '../../core/huawei/haPartnerOf';
import { countDown, type BlastRadius } from '../../core/remediation/blastRadius';
import type { Incident } from '../../core/remediation/incident';
import type { LedgerFacts, PlanInput } from '../../core/remediation/planRemediation';
import { withoutFreshFacts, type StoredPlanInput } from '../../core/remediation/prePlanRemediation';
import type { PeerFacts } from '../../core/remediation/remediationGuards';
import type { HaPartnerFacts } from '../../core/remediation/standbyGuard';
import { linkKeyFromId } from '../../core/ids/linkKey';
import { matchPeers } from '../../core/peers/matchPeers';
import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import type { ScopePermissions } from '../../core/permissions/assessPermissions';
import type { LinkState } from '../../core/linkState/linkState';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import type { RemediationDeps } from './remediationPorts';

/**
 * The stored facts of a decision, with no ARM read: the permission check (once per process), the ledger (budget,
 * gateway slot) and the peer, paired from the fleet list (cached for a few seconds per process). Nothing more is read
 * when the link is out of scope or remediation is disabled (kill switch: touch nothing).
 */
export async function gatherStoredInput(
  deps: RemediationDeps,
  request: RemediationRequest,
  state: LinkState | undefined,
  incident: Incident | undefined,
  now: Date,
): Promise<StoredPlanInput> {
  const { settings } = deps;
  const base = { linkId: request.linkId, request, state, incident, policy: settings, now };
  const inScope = settings.scopes.some((s) => isWithinScope(request.linkId, s));
  if (!inScope || settings.remediationMode === 'disabled') return { ...base, ledger: { resetsInLastHour: 0 } };
  const gatewayId = state?.gatewayId ?? incident?.gatewayId;
  const [permissions, ledger, fleet] = await Promise.all([scopePermissions(deps, request.linkId), ledgerFacts(deps, gatewayId, now), deps.linkStates.list()]);
  const peer = await peerFacts(deps, state?.key ?? linkKeyFromId(request.linkId), fleet);
  return { ...base, ...(permissions && { permissions }), ...(peer && { peer }), ledger };
}

/**
 * Adds the fresh facts to stored ones, for a request that would otherwise reset: the link itself (one ARM read) and
 * its gateway's provisioning state (one read). Gateway-level counts come from stored link state (the gateway's rows,
 * one bounded query) with the fresh link in place of its stored row; fleet counts from the cached fleet list. A
 * Huawei standby connection (`ha_role` slave) also has its active partner read fresh (one more read, only then).
 */
export async function gatherPlanInput(deps: RemediationDeps, stored: StoredPlanInput): Promise<PlanInput> {
  const inScope = stored.policy.scopes.some((s) => isWithinScope(stored.linkId, s));
  if (!inScope || stored.policy.remediationMode === 'disabled') return withoutFreshFacts(stored);
  const fresh = await deps.network.readLink(stored.linkId);
  const gatewayId = fresh?.gatewayId ?? stored.state?.gatewayId;
  if (!fresh || !gatewayId) return { ...withoutFreshFacts(stored), fresh };
  const linkKey = stored.state?.key ?? linkKeyFromId(stored.linkId);
  const [gatewayProvisioningState, beside, fleet] = await Promise.all([
    deps.network.readGatewayProvisioningState(gatewayId),
    deps.linkRanges.besideLink(linkKey),
    deps.linkStates.list(),
  ]);
  const [ledger, haPartner] = await Promise.all([
    gatewayId === stored.state?.gatewayId ? stored.ledger : ledgerFacts(deps, gatewayId, stored.now),
    haPartnerFacts(deps, fresh, beside),
  ]);
  return { ...stored, ledger, fresh, gatewayProvisioningState, ...(haPartner && { haPartner }), blast: blastRadius(beside, fleet, fresh, stored.policy.downStatuses) };
}

/**
 * The active partner of a Huawei standby connection: found among the gateway's stored link states (which carry
 * `haRole`) with the fresh link in place of its stored row, then read fresh, so "a standby is never reset while its
 * active partner is ACTIVE" is judged on Huawei's current word. Nothing is read for any other link.
 */
async function haPartnerFacts(deps: RemediationDeps, fresh: LinkSnapshot, beside: readonly LinkState[]): Promise<HaPartnerFacts | undefined> {
  if (fresh.haRole !== 'slave') return undefined;
  const freshId = fresh.id.toLowerCase();
  const stored = haPartnerOf(fresh, beside.filter((l) => l.id.toLowerCase() !== freshId));
  if (stored === undefined) return undefined;
  const partner = await deps.network.readLink(stored.id);
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

async function ledgerFacts(deps: RemediationDeps, gatewayId: string | undefined, now: Date): Promise<LedgerFacts> {
  const [resetsInLastHour, gatewayHeldBy] = await Promise.all([
    deps.ledger.resetsInLastHour(now),
    gatewayId === undefined ? Promise.resolve(undefined) : deps.ledger.gatewayHeldBy(gatewayId, now),
  ]);
  return { resetsInLastHour, ...(gatewayHeldBy !== undefined && { gatewayHeldBy }) };
}

/**
 * The gateway's links from stored state (the poll target's rows narrowed to the gateway) with the fresh link in place
 * of its stored row; the fleet from the cached list with this gateway's rows replaced the same way. A Huawei
 * active-standby pair counts once (by its active connection): both down is one tunnel down.
 */
function blastRadius(beside: readonly LinkState[], fleet: readonly LinkState[], fresh: LinkSnapshot, downStatuses: readonly string[]): BlastRadius {
  const gatewayId = fresh.gatewayId.toLowerCase();
  const onGateway = (l: { readonly gatewayId: string }): boolean => l.gatewayId.toLowerCase() === gatewayId;
  const freshId = fresh.id.toLowerCase();
  const gatewayLinks = withoutPairedStandbys<LinkState | LinkSnapshot>([...beside.filter((l) => onGateway(l) && l.id.toLowerCase() !== freshId), fresh]);
  const others = withoutPairedStandbys(fleet.filter((l) => !onGateway(l)));
  return { gateway: countDown(gatewayLinks, downStatuses), fleet: countDown([...others, ...gatewayLinks], downStatuses) };
}
