import { readFileSync } from 'node:fs';
import type { ArmNetwork } from '../adapters/arm/armNetworkClient';
import { createHuaweiProvider } from '../adapters/huawei/huaweiProvider';
import type { FleetReader } from '../app/monitoring/monitoringPorts';
import type { NetworkActions } from '../app/ports';
import type { LinkProvider } from '../app/providers/linkProvider';
import { routeProviders } from '../app/providers/routeProviders';
import type { Config, HuaweiConfig } from '../config/loadConfig';
import { huaweiScopeId, isHuaweiId } from '../core/huawei/huaweiId';
import { huaweiWatchScopes, parseScopes, type WatchScope } from '../core/scope';
import { appConfig } from './appConfig';

/** Azure (vWAN and classic, over ARM) owns every id that is not another provider's. */
const ownedByAzure = (id: string): boolean => !isHuaweiId(id);

/** Azure behind the provider seam. */
export function azureProvider(arm: ArmNetwork): LinkProvider {
  return { name: 'azure', owns: ownedByAzure, fleet: arm, actions: arm };
}

export interface HuaweiProviderOverrides {
  readonly requestTimeoutMs?: number;
  readonly now?: () => number;
}

/** The Huawei Cloud provider from validated config (TW_HUAWEI_*). */
export function buildHuaweiProvider(huawei: HuaweiConfig, overrides: HuaweiProviderOverrides = {}): LinkProvider {
  return createHuaweiProvider({
    endpoint: huawei.endpoint,
    accessKey: huawei.accessKey,
    secretKey: huawei.secretKey,
    downStatuses: huawei.downStatuses,
    scopes: huawei.scopes,
    ...(huawei.caFile && { caPem: readFileSync(huawei.caFile, 'utf8') }),
    ...overrides,
  });
}

/**
 * The one way calls reach a cloud: what the poll cycle reads (`fleet`) and remediation acts through (`actions`).
 * The ARM adapter alone when no other provider is configured (exactly the Azure-only behaviour), else every provider
 * behind routeProviders, each call going to the provider that owns the id it is about.
 */
export function providerNetwork(config: Config, arm: ArmNetwork, huawei?: LinkProvider): { readonly fleet: FleetReader; readonly actions: NetworkActions } {
  if (!config.huawei) return { fleet: arm, actions: arm };
  return routeProviders([azureProvider(arm), huawei ?? buildHuaweiProvider(config.huawei)]);
}

/** Every scope discovery reads: TW_SCOPES and the Huawei projects. */
export function watchScopes(config: Config): WatchScope[] {
  return [...parseScopes(config.scopes), ...huaweiWatchScopes(config.huawei?.scopes ?? [])];
}

/** Every scope a reset may happen in (the remediation scope guard): TW_SCOPES and the Huawei projects' scope ids. */
export function resetScopes(config: Config): string[] {
  return [...config.scopes, ...(config.huawei?.scopes ?? []).map(huaweiScopeId)];
}

let shared: { readonly config: Config; readonly provider: LinkProvider } | undefined;

/** The process's one Huawei provider (its request counts cover monitoring and remediation), when configured. */
export function huaweiProvider(): LinkProvider | undefined {
  const config = appConfig();
  if (!config.huawei) return undefined;
  if (shared?.config !== config) shared = { config, provider: buildHuaweiProvider(config.huawei) };
  return shared.provider;
}
