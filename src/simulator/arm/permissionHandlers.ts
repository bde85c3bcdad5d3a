import type { ArmOperationId } from '../../adapters/arm/armOperations';
import { ArmHttpError, type ArmRequest, type ArmResponse } from './armHttp';
import type { RouteParams } from './armRoutes';
import { requireSubscription, type Handler } from './readHandlers';
import type { SimulatorEngine } from '../SimulatorEngine';

/** The scope a permissions request asks about: subscription, resource group or resource id. */
export function permissionScope(params: RouteParams): string {
  const subscription = `/subscriptions/${params.sub}`;
  if (params.rg === undefined) return subscription;
  const group = `${subscription}/resourceGroups/${params.rg}`;
  return params.resource === undefined ? group : `${group}/providers/${params.resource}`;
}

/**
 * `GET {scope}/providers/Microsoft.Authorization/permissions`: one entry per role assignment at or above the scope,
 * as ARM lists them (`[{ actions: ["*"], notActions: [] }]` while no RBAC is set).
 */
function listPermissions(engine: SimulatorEngine, request: ArmRequest): ArmResponse {
  requireSubscription(engine, request);
  const { sub, rg } = request.params;
  if (rg !== undefined && !engine.fleet.hasResourceGroup(sub!, rg)) {
    throw new ArmHttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  }
  const value = engine.rbac
    .entriesAt(permissionScope(request.params))
    .map((entry) => ({ ...entry, dataActions: [], notDataActions: [] }));
  return { status: 200, body: { value } };
}

export const permissionHandlers = {
  Permissions_ListForSubscription: listPermissions,
  Permissions_ListForResourceGroup: listPermissions,
  Permissions_ListForResource: listPermissions,
} satisfies Partial<Record<ArmOperationId, Handler>>;
