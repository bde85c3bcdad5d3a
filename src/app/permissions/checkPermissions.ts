import { errorCode, toError } from '../../core/errors';
import type { PermissionEntry } from '../../core/permissions/actionMatches';
import {
  assessPermissions,
  statusReadScopeOf,
  unreadablePermissions,
  type PermissionNeeds,
  type ScopePermissions,
} from '../../core/permissions/assessPermissions';
import type { PermissionReader } from '../ports';

const PERMISSIONS_READ = 'Microsoft.Authorization/permissions/read';

/**
 * Reads what the identity may do at every configured scope (and, for a resource scope, at its resource group,
 * where the operation-status reads must be held) and names what tunnelwatch needs but lacks. Never throws: a scope
 * whose permissions cannot be read says so in its `error`.
 */
export function checkPermissions(
  reader: PermissionReader,
  scopes: readonly string[],
  needs: PermissionNeeds,
): Promise<ScopePermissions[]> {
  return Promise.all(scopes.map((scope) => checkScope(reader, scope, needs)));
}

async function checkScope(
  reader: PermissionReader,
  scope: string,
  needs: PermissionNeeds,
): Promise<ScopePermissions> {
  let atScope: readonly PermissionEntry[];
  try {
    atScope = await reader.readPermissions(scope);
  } catch (thrown) {
    return unreadable(scope, thrown);
  }
  const statusReadScope = statusReadScopeOf(scope);
  let atStatusReadScope = atScope;
  if (statusReadScope !== scope) {
    try {
      atStatusReadScope = await reader.readPermissions(statusReadScope);
    } catch (thrown) {
      // Refused at the resource group: no role there that includes the permission read (tunnelwatch's role does),
      // so the operation-status reads are not held there either: exactly the resource-only assignment case.
      if (errorCode(thrown) !== 'ARM.FORBIDDEN') return unreadable(scope, thrown);
      atStatusReadScope = [];
    }
  }
  return assessPermissions({ scope, atScope, atStatusReadScope }, needs);
}

function unreadable(scope: string, thrown: unknown): ScopePermissions {
  const code = errorCode(thrown);
  const error = { code, message: toError(thrown).message.slice(0, 300) };
  return unreadablePermissions(scope, error, code === 'ARM.FORBIDDEN' ? PERMISSIONS_READ : undefined);
}
