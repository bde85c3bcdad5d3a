import type { LinkSnapshot } from '../snapshot/linkSnapshot';

/** The other connection of a Huawei active-standby pair, as the gateway's fresh list shows it. */
export interface HaPartnerFacts {
  readonly key: string;
  /** `master` (the active connection) or `slave` (the standby one). */
  readonly haRole: string;
  /** Tracked status (Connected, NotConnected, PENDING_UPDATE, …) and Huawei's own word for it. */
  readonly status: string;
  readonly providerStatus?: string;
}

/**
 * Huawei active-standby gateways: the standby connection (`ha_role` slave) may be DOWN while the active one carries
 * the traffic, and resetting it then only disturbs a healthy tunnel. The pair is one tunnel: a standby with a known
 * active partner is never reset — `standby-partner-active` while the partner is ACTIVE, `active-partner-first` while
 * it is down or changing (the active connection's own incident resets it, one reset for the pair). A standby with no
 * partner found, and every active or unpaired connection, pass.
 */
/** What the guard reads of the planner's input (PlanInput has both; kept structural so the guard list imports this file, not the reverse). */
interface StandbyInput {
  readonly fresh: Pick<LinkSnapshot, 'haRole'> | undefined;
  readonly haPartner?: HaPartnerFacts;
}

export const STANDBY_GUARD = {
  name: 'standby-partner',
  check: ({ fresh, haPartner }: StandbyInput): { readonly passed: boolean; readonly detail: string } => {
    if (fresh?.haRole !== 'slave') return { passed: true, detail: fresh?.haRole === undefined ? 'not part of an active-standby pair' : `ha_role ${fresh.haRole}` };
    if (haPartner?.haRole !== 'master') return { passed: true, detail: 'standby connection without an active partner on its gateway' };
    const partnerStatus = haPartner.providerStatus ?? haPartner.status;
    if (haPartner.status === 'Connected') return { passed: false, detail: `standby connection; active partner ${haPartner.key} is ${partnerStatus}` };
    return { passed: false, detail: `standby connection; active partner ${haPartner.key} is ${partnerStatus}: the pair is reset through the active one` };
  },
  onFail: ({ haPartner }: StandbyInput): { readonly action: 'skip'; readonly reason: string } => ({
    action: 'skip',
    reason: haPartner?.status === 'Connected' ? 'standby-partner-active' : 'active-partner-first',
  }),
};
