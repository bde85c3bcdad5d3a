import { parseArmId } from '../ids/armId';
import { isActionAllowed, type PermissionEntry } from './actionMatches';

/** The RBAC actions tunnelwatch needs, by what they are for (built from the ARM operation registry). */
export interface PermissionNeeds {
  /** Reads for polling and for the fresh read before every decision. */
  readonly monitor: readonly string[];
  /** ResetConnection, vWAN and classic. */
  readonly reset: readonly string[];
  /** Async-operation status reads; they live under the subscription, so they must be held at the resource group or above. */
  readonly operationStatus: readonly string[];
  /** Needed, but their absence blocks nothing: IKE SA evidence, the permission read itself. */
  readonly other: readonly string[];
  /** Azure Monitor tunnel metrics (Microsoft.Insights/metrics/read): without them polling goes on without metrics. */
  readonly metrics?: readonly string[];
}

/** What the identity may do at one configured scope (the `doctor` answer, per scope). */
export interface ScopePermissions {
  readonly scope: string;
  /** Nothing tunnelwatch needs is missing, and the permissions could be read. */
  readonly ok: boolean;
  /** Every needed action not held (the operation-status reads: not held at `statusReadScope` or above). */
  readonly missing: readonly string[];
  readonly canMonitor: boolean;
  /** False when a reset, or following its operation, would be refused: the scope runs monitoring only. */
  readonly canRemediate: boolean;
  /** False when the tunnel metrics cannot be read here: idle links are then confirmed by GETs only (absent: not checked). */
  readonly canReadMetrics?: boolean;
  /** Where the operation-status reads must be held: the scope itself, or the resource group of a resource scope. */
  readonly statusReadScope: string;
  /** Set when the permissions could not be read; then `missing` names only what that failure proves. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface PermissionFacts {
  readonly scope: string;
  /** Entries ARM lists at the scope. */
  readonly atScope: readonly PermissionEntry[];
  /** Entries ARM lists at `statusReadScopeOf(scope)` (the same as `atScope` unless the scope is a resource). */
  readonly atStatusReadScope: readonly PermissionEntry[];
}

/** Subscriptions and resource groups hold the status reads themselves; a resource scope needs them at its resource group. */
export function statusReadScopeOf(scope: string): string {
  const parsed = parseArmId(scope);
  if (!parsed?.resourceGroup || (!parsed.provider && parsed.resources.length === 0)) return scope;
  return `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`;
}

/** Which needed actions are missing at a scope, honouring `*`, wildcards, notActions and the resource-group rule. Pure. */
export function assessPermissions(facts: PermissionFacts, needs: PermissionNeeds): ScopePermissions {
  const lacking = (actions: readonly string[], entries: readonly PermissionEntry[]): string[] =>
    actions.filter((a) => !isActionAllowed(entries, a));
  const monitor = lacking(needs.monitor, facts.atScope);
  const reset = lacking(needs.reset, facts.atScope);
  const status = lacking(needs.operationStatus, facts.atStatusReadScope);
  const other = lacking(needs.other, facts.atScope);
  const metrics = needs.metrics ? lacking(needs.metrics, facts.atScope) : undefined;
  const missing = [...new Set([...monitor, ...reset, ...status, ...other, ...(metrics ?? [])])];
  const canMonitor = monitor.length === 0;
  return {
    scope: facts.scope,
    ok: missing.length === 0,
    missing,
    canMonitor,
    canRemediate: canMonitor && reset.length === 0 && status.length === 0,
    ...(metrics && { canReadMetrics: metrics.length === 0 }),
    statusReadScope: statusReadScopeOf(facts.scope),
  };
}

/**
 * The permissions could not be read. A refusal proves only that the permission read is missing; the rest is
 * unknown, so nothing is switched off on a guess (a reset that ARM accepts is tracked as outcome unknown anyway).
 */
export function unreadablePermissions(
  scope: string,
  error: { readonly code: string; readonly message: string },
  forbiddenAction?: string,
): ScopePermissions {
  return {
    scope,
    ok: false,
    missing: forbiddenAction ? [forbiddenAction] : [],
    canMonitor: true,
    canRemediate: true,
    statusReadScope: statusReadScopeOf(scope),
    error,
  };
}

/** `<scope> lacks <actions>` for every scope that runs monitoring only (for log and cycle lines). */
export function monitoringOnlyNotes(report: readonly ScopePermissions[]): string[] {
  return report.filter((p) => !p.canRemediate).map((p) => `${p.scope} lacks ${p.missing.join(', ')}`);
}
