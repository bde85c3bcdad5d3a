import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type SimulatorHandle } from '../../simulator';
import {
  DEMO_FLEET_SPEC,
  DEMO_HUAWEI_ACCESS_KEY,
  DEMO_HUAWEI_SCOPE,
  DEMO_HUAWEI_SECRET_KEY,
  demoHuaweiFleet,
  stageDemoScenarios,
  type DemoLinks,
} from './demoFleet';
import { startAzurite, type AzuriteInstance } from './startAzurite';
import { startLocalHost, type LocalHost } from '../host/localHost';
import type { HostLogSink } from '../host/hostLog';
import { SETTINGS } from '../../config/settings';

export interface LocalStackOptions {
  /** Folder of the app's function entry files (compiled `dist/src/functions` or `src/functions` with tsx). */
  readonly functionsDir: string;
  readonly hostJsonPath: string;
  readonly port?: number;
  readonly simPort?: number;
  /** Keep Azurite data in this folder (`--persist`); in memory otherwise. */
  readonly persistDir?: string;
  /** Real Azure instead of the simulator: ARM scopes to watch (DefaultAzureCredential signs requests). */
  readonly azureScopes?: readonly string[];
  /** With azureScopes: reset for real (otherwise dry-run). */
  readonly remediate?: boolean;
  readonly fleet?: string;
  /** Settings layered over the demo settings (tests shorten timelines with these). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: HostLogSink;
}

export interface LocalStack {
  readonly host: LocalHost;
  readonly simulator?: SimulatorHandle;
  readonly demo?: DemoLinks;
  /** With the simulator: its Huawei VPN API (same HTTPS server and CA file as ARM), for TW_HUAWEI_* settings. */
  readonly huawei?: LocalHuawei;
  readonly dashboardUrl: string;
  stop(): Promise<void>;
}

export interface LocalHuawei {
  /** `<region>:<project_id>` (TW_HUAWEI_SCOPES). */
  readonly scopes: string;
  /** The simulator's URL: Huawei paths (`/v5/…`) are served beside ARM's. */
  readonly endpoint: string;
  readonly caFile: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/**
 * Demo timeline: poll every 10 s, a link down 30 s is stuck, post-check 15 s after a reset. With the
 * simulator's 2 s reset and 3 s reconnect, the stuck demo link is reset and back within about a minute.
 */
export const DEMO_SETTINGS: Readonly<Record<string, string>> = {
  TW_POLL_SCHEDULE: '*/10 * * * * *',
  TW_STUCK_THRESHOLD_MINUTES: '0.5',
  TW_POSTCHECK_DELAY_MINUTES: '0.25',
  TW_RESET_COOLDOWN_MINUTES: '5',
  TW_REMEDIATION_MODE: 'enabled',
};

/**
 * Settings for a stack on Azurite, in either mode: snapshots spread over 64 partitions a day instead of 4, because
 * Azurite's insert cost grows with the rows already in the partition (bench azuriteInserts) while Table Storage's
 * does not, so a working day of `npm start` would otherwise slow down as the day's table fills.
 */
export const AZURITE_SETTINGS: Readonly<Record<string, string>> = { TW_SNAPSHOT_PARTITIONS: '64' };

/** Azurite + (simulator | real Azure) + the function app's own registrations on the local host. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const azurite: AzuriteInstance = await startAzurite(options.persistDir ? { location: options.persistDir } : {});
    cleanups.push(() => azurite.stop());
    let settings: Record<string, string>;
    let simulator: SimulatorHandle | undefined;
    let demo: DemoLinks | undefined;
    let huawei: LocalHuawei | undefined;
    if (options.azureScopes) {
      settings = { TW_SCOPES: options.azureScopes.join(','), TW_REMEDIATION_MODE: options.remediate ? 'enabled' : 'dry-run' };
    } else {
      const fleet = options.fleet ?? DEMO_FLEET_SPEC;
      simulator = await startSimulator({ port: options.simPort ?? 0, fleet, huawei: demoHuaweiFleet(fleet) });
      const sim = simulator;
      cleanups.push(() => sim.stop());
      demo = stageDemoScenarios(simulator);
      const certDir = mkdtempSync(path.join(os.tmpdir(), 'tunnelwatch-sim-'));
      cleanups.push(async () => rmSync(certDir, { recursive: true, force: true }));
      const caFile = path.join(certDir, 'simulator-ca.pem');
      writeFileSync(caFile, simulator.certPem);
      huawei = { scopes: DEMO_HUAWEI_SCOPE, endpoint: simulator.url, caFile, accessKey: DEMO_HUAWEI_ACCESS_KEY, secretKey: DEMO_HUAWEI_SECRET_KEY };
      const subscriptions = [...new Set(simulator.listLinks().filter((l) => l.kind !== 'huawei').map((l) => l.id.split('/')[2]!))];
      settings = {
        ...DEMO_SETTINGS,
        TW_SCOPES: subscriptions.map((s) => `/subscriptions/${s}`).join(','),
        TW_ARM_ENDPOINT: simulator.url,
        TW_ARM_CA_FILE: caFile,
        TW_ARM_DEV_TOKEN: 'local-simulator',
        // The simulator also serves Azure Monitor's metrics batch endpoint (never the real one from the demo).
        TW_METRICS_ENDPOINT: simulator.url,
        TW_HUAWEI_SCOPES: huawei.scopes,
        TW_HUAWEI_ENDPOINT: huawei.endpoint,
        TW_HUAWEI_CA_FILE: huawei.caFile,
        TW_HUAWEI_ACCESS_KEY: huawei.accessKey,
        TW_HUAWEI_SECRET_KEY: huawei.secretKey,
      };
    }
    const host = await startLocalHost({
      entryFiles: functionEntryFiles(options.functionsDir),
      hostJsonPath: options.hostJsonPath,
      port: options.port ?? 7071,
      storageConnectionString: azurite.connectionString,
      // Like a copied local.settings.json: every setting present (binding expressions such as %TW_POLL_QUEUE% need them).
      settings: { ...settingDefaults(), ...AZURITE_SETTINGS, ...settings, ...options.settings },
      ...(options.log && { log: options.log }),
    });
    cleanups.push(() => host.stop());
    return { host, simulator, demo, huawei, dashboardUrl: `${host.apiUrl}/dashboard?code=${host.functionKey}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function settingDefaults(): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const setting of SETTINGS) if ('default' in setting && setting.default) defaults[setting.name] = setting.default;
  delete defaults.AzureWebJobsStorage;
  return defaults;
}

/** The app's entry points: every top-level file of the functions folder, as `main` globs them for the host. */
export function functionEntryFiles(functionsDir: string): string[] {
  return readdirSync(functionsDir)
    .filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'))
    .sort()
    .map((name) => path.join(functionsDir, name));
}
