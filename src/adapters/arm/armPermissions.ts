import type { PermissionEntry } from '../../core/permissions/actionMatches';
import { parseArmId } from '../../core/ids/armId';
import { asObject, asString } from '../../core/snapshot/rawValues';
import { TunnelwatchError } from '../../core/errors';
import type { ArmOperationId } from './armOperations';

/** The Microsoft.Authorization api-version of the permissions list. */
const AUTHORIZATION_API = '2022-04-01';

type RawList = (
  operation: ArmOperationId,
  subscriptionId: string,
  path: string,
  apiVersion: string,
) => Promise<unknown[]>;

/**
 * `GET {scope}/providers/Microsoft.Authorization/permissions`: the actions the caller holds at a subscription,
 * resource group or resource (one entry per role assignment that applies), read through the ARM client's pipeline.
 */
export async function readScopePermissions(rawList: RawList, scope: string): Promise<PermissionEntry[]> {
  const parsed = parseArmId(scope);
  if (!parsed) throw new TunnelwatchError('CONFIG.INVALID', `'${scope}' is not an ARM scope`);
  const operation: ArmOperationId = !parsed.resourceGroup
    ? 'Permissions_ListForSubscription'
    : parsed.provider
      ? 'Permissions_ListForResource'
      : 'Permissions_ListForResourceGroup';
  const path = `${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/permissions`;
  const items = await rawList(operation, parsed.subscriptionId, path, AUTHORIZATION_API);
  return items.map((item) => ({
    actions: strings(asObject(item)?.actions),
    notActions: strings(asObject(item)?.notActions),
  }));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((v) => asString(v, 512) ?? []) : [];
}
