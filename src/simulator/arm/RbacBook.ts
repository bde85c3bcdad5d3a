import { isActionAllowed, type PermissionEntry } from '../../core/permissions/actionMatches';
import { normalizeSimId } from './normalizeSimId';

/** One role assignment as `PUT /_sim/rbac` takes it: a scope (ARM id prefix) and the actions granted there. */
export interface RbacAssignment {
  readonly scope: string;
  readonly actions: readonly string[];
  /** Addition: actions the same assignment takes back (a role definition's notActions). */
  readonly notActions?: readonly string[];
}

const ALLOW_ALL: readonly PermissionEntry[] = [{ actions: ['*'], notActions: [] }];

/**
 * Simulated role assignments of the one principal the simulator serves. Unset (the default) allows everything;
 * set, a request is allowed only by an assignment at or above its path that covers the operation's action.
 */
export class RbacBook {
  private assignments: readonly RbacAssignment[] | undefined;

  set(assignments: readonly RbacAssignment[]): void {
    this.assignments = assignments.map((a) => ({ ...a }));
  }

  clear(): void {
    this.assignments = undefined;
  }

  enabled(): boolean {
    return this.assignments !== undefined;
  }

  /** The permission entries that apply at `scope`: one per assignment at or above it, as ARM's permissions API lists them. */
  entriesAt(scope: string): readonly PermissionEntry[] {
    if (!this.assignments) return ALLOW_ALL;
    return this.assignments
      .filter((a) => covers(a.scope, scope))
      .map((a) => ({ actions: [...a.actions], notActions: [...(a.notActions ?? [])] }));
  }

  allows(scope: string, action: string): boolean {
    return isActionAllowed(this.entriesAt(scope), action);
  }
}

/** Case-insensitive, segment-aligned prefix: `/subscriptions/s/resourceGroups/rg` covers `…/rg/providers/…`, not `…/rg2`. */
function covers(assignmentScope: string, path: string): boolean {
  const scope = normalizeSimId(assignmentScope).replace(/\/+$/, '');
  const target = normalizeSimId(path).replace(/\/+$/, '');
  return target === scope || target.startsWith(`${scope}/`);
}
