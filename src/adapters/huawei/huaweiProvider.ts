import type { LinkProvider } from '../../app/providers/linkProvider';
import { isHuaweiId, type HuaweiRef } from '../../core/huawei/huaweiId';
import { checkHuaweiPermissions } from './huaweiPermissions';
import { createHuaweiFleetReader } from './huaweiFleetReader';
import { createHuaweiLinkActions } from './huaweiLinkActions';
import { createHuaweiVpnClient, type HuaweiVpnClientOptions } from './huaweiVpnClient';

export interface HuaweiProviderOptions extends Omit<HuaweiVpnClientOptions, 'endpoint'> {
  /** The VPN API base URL of a region, or a template with `{region}` (`https://vpn.{region}.myhuaweicloud.com`). */
  readonly endpoint: string | ((region: string) => string);
  /** TW_HUAWEI_DOWN_STATUSES. */
  readonly downStatuses: readonly string[];
  /** Status GETs in flight at once during a poll. Default 4. */
  readonly concurrency?: number;
  /** The projects `doctor` checks (TW_HUAWEI_SCOPES); none when absent. */
  readonly scopes?: readonly HuaweiRef[];
}

/**
 * Huawei Cloud VPN as a provider behind the seam: it owns every `/huawei/regions/…` id (scopes, poll targets,
 * gateways, connections and reset tokens). Huawei's reads are not ARM's, so the ARM read budget does not apply
 * (no readAllowance / withReadShares): a project is one paged list per cycle plus its customer and VPN gateways.
 */
export function createHuaweiProvider(options: HuaweiProviderOptions): LinkProvider {
  const { endpoint, downStatuses, concurrency, scopes, ...clientOptions } = options;
  const client = createHuaweiVpnClient({
    ...clientOptions,
    endpoint: typeof endpoint === 'function' ? endpoint : (region) => endpoint.replaceAll('{region}', region),
  });
  return {
    name: 'huawei',
    owns: isHuaweiId,
    fleet: createHuaweiFleetReader(client, { downStatuses, ...(concurrency !== undefined && { concurrency }) }),
    actions: createHuaweiLinkActions(client, { downStatuses, ...(options.now !== undefined && { now: options.now }) }),
    checkPermissions: () => checkHuaweiPermissions(client, scopes ?? []),
  };
}
