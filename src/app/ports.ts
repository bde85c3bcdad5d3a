import type { LinkSnapshot } from '../core/linkSnapshot';
import type { LinkState } from '../core/linkState';
import type { PermissionEntry } from '../core/permissions/actionMatches';
import type { RemediationRequest } from '../core/remediationRequest';

/** Time comes from here, so the core and the tests can fix it. */
export interface Clock {
  now(): Date;
}

/** The outcome of a long-running ARM operation, as far as it is known. */
export type OperationProgress =
  | { readonly state: 'running'; readonly resumeToken: string }
  | { readonly state: 'succeeded' }
  | { readonly state: 'failed'; readonly code: string; readonly message: string };

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
  /** Best-effort IKE SA evidence, bounded by `timeoutMs`; returns a short summary, never secrets. */
  getIkeSas(linkId: string, timeoutMs: number): Promise<string>;
  /** Starts ResetConnection and returns a token that can resume polling after a crash. */
  beginReset(linkId: string): Promise<{ readonly resumeToken: string }>;
  /** Polls a started operation until it ends or `timeoutMs` passes (then state 'running'). */
  waitForOperation(resumeToken: string, timeoutMs: number): Promise<OperationProgress>;
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
