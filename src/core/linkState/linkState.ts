import type { LinkConfiguration, LinkTopology, StatusEvidenceFields } from '../snapshot/linkSnapshot';

/** Per-link overrides read from ARM tags: the VPN site over the gateway (vWAN), or the classic connection. */
export interface LinkPolicyOverrides {
  /** `tunnelwatch-threshold-minutes` tag, in ms. */
  readonly stuckThresholdMs?: number;
  /** `tunnelwatch-remediate=false` opts the link out of automatic resets. */
  readonly remediate?: boolean;
}

/** The current state of one link, kept by the poller (one logical row per link). */
export interface LinkState extends LinkTopology, LinkConfiguration, StatusEvidenceFields {
  readonly status: string;
  /** The provider's own status word when `status` is mapped from it (Huawei). */
  readonly providerStatus?: string;
  /** When the link entered `status`. */
  readonly statusSince: string;
  readonly previousStatus?: string;
  readonly lastTransitionAt?: string;
  /** Start of the current continuous streak in the configured down set; absent while up. */
  readonly downSince?: string;
  readonly provisioningState?: string;
  readonly ingressBytes: string;
  readonly egressBytes: string;
  readonly ingressBps?: number;
  readonly egressBps?: number;
  readonly lastCounterRestartAt?: string;
  readonly lastPolledAt: string;
  /** Open incident, if any (opened when the link became stuck). */
  readonly incidentId?: string;
  readonly lastResetAt?: string;
  readonly overrides: LinkPolicyOverrides;
}
