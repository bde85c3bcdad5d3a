import { ARM_OPERATIONS, type ArmOperationId } from '../../adapters/arm/armOperations';
import { errorBody, type ArmResponse } from './armHttp';
import type { RouteParams } from './armRoutes';
import { findOperation } from './lroHandlers';
import { permissionScope } from './permissionHandlers';
import type { SimulatorEngine } from '../SimulatorEngine';

/** The one principal the simulator serves, named in AuthorizationFailed messages as ARM names the caller. */
export const SIM_PRINCIPAL_ID = '6f1c0de5-0000-4000-8000-00000000a11c';

const STATUS_OPERATIONS: readonly ArmOperationId[] = [
  'Network_Locations_Operations',
  'Network_Locations_OperationResults',
];

/**
 * RBAC as ARM applies it, once `PUT /_sim/rbac` set assignments: the operation's action must be granted at or above
 * the request's scope, else 403 AuthorizationFailed. An async-operation status URL lives under the subscription, so
 * it is judged at the resource group of the resource the operation was started on: an assignment on that resource
 * alone does not reach it (Learn, "Track asynchronous Azure operations").
 */
export function authorizationFailure(
  engine: SimulatorEngine,
  operation: ArmOperationId,
  params: RouteParams,
  pathname: string,
): ArmResponse | undefined {
  if (!engine.rbac.enabled()) return undefined;
  const action = ARM_OPERATIONS[operation];
  const checked = checkedScope(engine, operation, params, pathname);
  if (engine.rbac.allows(checked, action)) return undefined;
  // ARM names the resource acted on; for a status URL, the URL itself.
  const scope = STATUS_OPERATIONS.includes(operation) ? pathname.replace(/\/+$/, '') : checked;
  const message =
    `The client '${SIM_PRINCIPAL_ID}' with object id '${SIM_PRINCIPAL_ID}' does not have authorization to perform action '${action}' ` +
    `over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
  return { status: 403, body: errorBody('AuthorizationFailed', message) };
}

function checkedScope(
  engine: SimulatorEngine,
  operation: ArmOperationId,
  params: RouteParams,
  pathname: string,
): string {
  if (STATUS_OPERATIONS.includes(operation)) {
    const started = findOperation(engine, params);
    const group = started && /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(started.resourceId)?.[0];
    if (group) return group;
  }
  if (operation.startsWith('Permissions_')) return permissionScope(params);
  const path = pathname.replace(/\/+$/, '');
  // A POST action is authorized on the resource it acts on (…/link/resetconnection → …/link).
  return ARM_OPERATIONS[operation].endsWith('/action') ? path.slice(0, path.lastIndexOf('/')) : path;
}
