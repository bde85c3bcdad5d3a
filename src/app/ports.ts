import type { LinkSnapshot } from '../core/snapshot/linkSnapshot';
import type { LinkState } from '../core/linkState/linkState';
import type { PermissionEntry } from '../core/permissions/actionMatches';
import type { RemediationRequest } from '../core/remediation/remediationRequest';

/** Time comes from here, so the core and the tests can fix it. */
export interface Clock {
  now(): Date;
}

/**
 * What ARM answered to a long-running POST (ResetConnection, GetIkeSas). Only a refusal is "not performed";
 * an accepted action is performed whatever happens next, and an action without an answer may have been.
 */
export type ActionStart =
  | {
      readonly outcome: 'accepted';
      /** Resumable handle of the operation (status URLs, no secret); persisted before anything else happens. */
      readonly operationToken: string;
      /** ARM answered synchronously (200/204): nothing to track. */
      readonly done: boolean;
      readonly result?: unknown;
    }
  | {
      readonly outcome: 'refused';
      readonly code: string;
      readonly message: string;
      readonly busy: boolean;
      readonly retryAfterMs?: number;
    }
  | { readonly outcome: 'unknown'; readonly code: string; readonly message: string };

/** The outcome of a long-running ARM operation, as far as it is known. */
export type OperationProgress =
  | { readonly state: 'running'; readonly resumeToken: string }
  | { readonly state: 'succeeded' }
  /** ARM said Failed or Canceled. */
  | { readonly state: 'failed'; readonly code: string; readonly message: string }
  /** The status could not be read (403, 404, throttled, 5xx, dropped): the operation may have done anything. */
  | { readonly state: 'unknown'; readonly code: string; readonly message: string };

/**
 * What GetIkeSas gave: a short, secret-free summary of the IKE SAs, or why there is none (refused, throttled, still
 * running at the bound, a provider without an IKE SA read). Evidence only: it never decides anything.
 */
export type IkeSasEvidence =
  | { readonly outcome: 'collected'; readonly summary: string }
  | { readonly outcome: 'unavailable'; readonly reason: string };

/**
 * What remediation needs from ARM (implemented by the ARM adapter over @azure/arm-network).
 * Reads return allow-list projections only; no ARM model object crosses this boundary.
 */
export interface NetworkActions {
  /** Fresh read of one link (vWAN link connection or classic connection); undefined when ARM says 404. */
  readLink(linkId: string): Promise<LinkSnapshot | undefined>;
  /** Fresh read of every link on a gateway (blast-radius check). */
  readGatewayLinks(gatewayId: string): Promise<readonly LinkSnapshot[]>;
  /** provisioningState of the gateway (a gateway being updated must not be reset under). */
  readGatewayProvisioningState(gatewayId: string): Promise<string | undefined>;
  /** Best-effort IKE SA evidence, bounded by `timeoutMs`; never secrets. Its failures are results, not exceptions. */
  getIkeSas(linkId: string, timeoutMs: number): Promise<IkeSasEvidence>;
  /** Sends the ResetConnection POST once and says what ARM answered; never throws for an ARM answer. */
  startReset(linkId: string): Promise<ActionStart>;
  /** Tracks an accepted reset with status reads only (never a second POST) until it ends or `timeoutMs` passes. */
  trackReset(operationToken: string, timeoutMs: number): Promise<OperationProgress>;
}

/** What the identity may do at a scope (ARM's Microsoft.Authorization/permissions list; implemented by the ARM adapter). */
export interface PermissionReader {
  readPermissions(scope: string): Promise<readonly PermissionEntry[]>;
}

export interface LinkStateReader {
  get(linkKey: string): Promise<LinkState | undefined>;
  list(): Promise<readonly LinkState[]>;
}

export interface RemediationQueue {
  send(request: RemediationRequest, options?: { readonly visibilityDelayMs?: number }): Promise<void>;
}

/** Custom events and metrics (Application Insights when configured; nothing otherwise). */
export interface Telemetry {
  event(name: string, properties?: Readonly<Record<string, string>>, measurements?: Readonly<Record<string, number>>): void;
  metric(name: string, value: number, properties?: Readonly<Record<string, string>>): void;
  flush(): Promise<void>;
}
