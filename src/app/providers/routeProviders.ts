import { TunnelwatchError } from '../../core/errors';
import type { LinkTopology } from '../../core/snapshot/linkSnapshot';
import type { PollTarget } from '../../core/polling/pollTarget';
import type { WatchScope } from '../../core/scope';
import type { FleetReader, PollFailure, StatusRead } from '../monitoring/monitoringPorts';
import type { NetworkActions } from '../ports';
import type { LinkProvider } from './linkProvider';

/**
 * One FleetReader and one NetworkActions over several providers: every call goes to the provider that owns the id it
 * is about (scope, target, gateway, link, operation token). Read budgets stay per provider (ARM's budget is the
 * Azure provider's; Huawei lists carry status and need no per-link reads).
 */
export function routeProviders(providers: readonly LinkProvider[]): { readonly fleet: FleetReader; readonly actions: NetworkActions } {
  return { fleet: routeFleet(providers), actions: routeActions(providers) };
}

type Owner = Pick<LinkProvider, 'owns'>;

function ownerFinder<P extends Owner>(providers: readonly P[]): (id: string) => P {
  if (providers.length === 0) throw new TunnelwatchError('CONFIG.INVALID', 'no link provider is configured', false);
  return (id) => {
    const owner = providers.find((p) => p.owns(id));
    if (!owner) throw new TunnelwatchError('REQUEST.INVALID', `no provider owns '${id}'`, false);
    return owner;
  };
}

/** The fleet reads of several providers as one FleetReader. */
function routeFleet(providers: readonly Pick<LinkProvider, 'owns' | 'fleet'>[]): FleetReader {
  const ownerOf = ownerFinder(providers);
  const budgeted = providers.find((p) => p.fleet.readAllowance !== undefined)?.fleet;
  const shared = providers.find((p) => p.fleet.withReadShares !== undefined)?.fleet;

  const fleet: FleetReader = {
    async discover(scopes: readonly WatchScope[]) {
      const found = await Promise.all(
        providers.map((p) => {
          const mine = scopes.filter((s) => p.owns(s.id));
          return mine.length > 0 ? p.fleet.discover(mine) : Promise.resolve({ targets: [], failures: [] });
        }),
      );
      const orphans = scopes.filter((s) => !providers.some((p) => p.owns(s.id)));
      return {
        targets: found.flatMap((f) => f.targets),
        failures: [
          ...found.flatMap((f) => f.failures),
          ...orphans.map((s): PollFailure => ({ gatewayId: s.id, code: 'CONFIG.INVALID', message: 'no provider is configured for this scope' })),
        ],
      };
    },
    listTarget: async (target: PollTarget) => ownerOf(target.id).fleet.listTarget(target),
    async readStatuses(links: readonly LinkTopology[]): Promise<readonly StatusRead[]> {
      const reads = await Promise.all(
        providers.map((p) => {
          const mine = links.filter((l) => p.owns(l.id));
          return mine.length > 0 ? p.fleet.readStatuses(mine) : Promise.resolve([]);
        }),
      );
      return reads.flat();
    },
    requestCounts() {
      const counts: Record<string, number> = {};
      for (const p of providers) for (const [op, n] of Object.entries(p.fleet.requestCounts())) counts[op] = (counts[op] ?? 0) + n;
      return counts;
    },
    throttles: () => providers.reduce((sum, p) => sum + (p.fleet.throttles?.() ?? 0), 0),
    ...(budgeted && { readAllowance: (subscriptionId: string, horizonMs?: number) => budgeted.readAllowance!(subscriptionId, horizonMs) }),
    ...(shared && {
      withReadShares: <T>(readsPerMinute: Readonly<Record<string, number>>, work: () => Promise<T>) => shared.withReadShares!(readsPerMinute, work),
    }),
  };
  return fleet;
}

/** The link actions of several providers as one NetworkActions. */
function routeActions(providers: readonly Pick<LinkProvider, 'owns' | 'actions'>[]): NetworkActions {
  const ownerOf = ownerFinder(providers);
  return {
    readLink: async (linkId) => ownerOf(linkId).actions.readLink(linkId),
    readGatewayLinks: async (gatewayId) => ownerOf(gatewayId).actions.readGatewayLinks(gatewayId),
    readGatewayProvisioningState: async (gatewayId) => ownerOf(gatewayId).actions.readGatewayProvisioningState(gatewayId),
    getIkeSas: async (linkId, timeoutMs) => ownerOf(linkId).actions.getIkeSas(linkId, timeoutMs),
    startReset: async (linkId) => ownerOf(linkId).actions.startReset(linkId),
    trackReset: async (operationToken, timeoutMs) => ownerOf(operationToken).actions.trackReset(operationToken, timeoutMs),
  };
}
