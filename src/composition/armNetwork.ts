import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import { armCredential } from '../adapters/entra/armCredential';
import { createArmNetworkClient, type ArmNetwork } from '../adapters/arm/armNetworkClient';
import type { Config } from '../config/loadConfig';
import { appConfig } from './appConfig';

export interface ArmNetworkOverrides {
  /** Default: armCredential(config) (managed identity / developer login, or the simulator's dev token). Tests pass a static token. */
  readonly credential?: TokenCredential;
  readonly requestTimeoutMs?: number;
  readonly maxRetries?: number;
  /** Clock (epoch ms) for the site-tag cache and reset timing; default Date.now. */
  readonly now?: () => number;
}

/** The ARM network adapter from validated config: one client per subscription behind one pacer (TW_ARM_CONCURRENCY). */
export function buildArmNetwork(config: Config, overrides: ArmNetworkOverrides = {}): ArmNetwork {
  return createArmNetworkClient({
    endpoint: config.armEndpoint,
    credential: overrides.credential ?? armCredential(config),
    ...(config.armCaFile && { caPem: readFileSync(config.armCaFile, 'utf8') }),
    concurrency: config.armConcurrency,
    readsPerMinute: config.armReadsPerMinute,
    ...(overrides.requestTimeoutMs !== undefined && { requestTimeoutMs: overrides.requestTimeoutMs }),
    ...(overrides.maxRetries !== undefined && { maxRetries: overrides.maxRetries }),
    ...(overrides.now && { now: overrides.now }),
  });
}

let shared: { readonly config: Config; readonly network: ArmNetwork } | undefined;

/**
 * The process's one ARM network adapter, shared by monitoring, remediation and any later consumer, so the pacer's
 * concurrency cap, throttle backoff and request counts cover every ARM request this process sends. Rebuilt only
 * if the configuration was reloaded (resetAppConfig, used by tests).
 */
export function armNetwork(): ArmNetwork {
  const config = appConfig();
  if (shared?.config !== config) shared = { config, network: buildArmNetwork(config) };
  return shared.network;
}
