import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArmNetworkClient } from '../../../src/adapters/arm/armNetworkClient';
import { createMonitoringDeps, type ProductionMonitoringDeps } from '../../../src/composition/createMonitoringDeps';
import type { NetworkActions } from '../../../src/app/ports';
import type { RemediationDeps } from '../../../src/app/remediation/remediationPorts';
import { createRemediationDeps } from '../../../src/composition/remediationDeps';
import { loadConfig, type Config } from '../../../src/config/loadConfig';
import type { AlertHttpDeps } from '../../../src/app/remediation/acceptAlert';
import { SIM_HUAWEI_ACCESS_KEY, SIM_HUAWEI_SECRET_KEY, startSimulator, type SimulatorHandle } from '../../../src/simulator';
import { buildHuaweiProvider, providerNetwork } from '../../../src/composition/linkProviders';
import { testTokenCredential } from '../../support/simulatorClient';
import { VirtualQueue } from './virtualQueue';
import { WarpClock } from './warpClock';

export const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
/** Every scenario also watches one Huawei Cloud project (two VPN gateways, four connections) beside the Azure fleet. */
export const FAULT_HUAWEI = { region: 'ap-southeast-1', projectId: '5eed0000000000000000000000000001' } as const;

/**
 * A ResetConnection that ARM accepted, or may have accepted: a POST that timed out, was dropped or got a 5xx is
 * ambiguous (ARM may have acted), so it counts; only a definite refusal (4xx, 429/409 busy) does not.
 */
export interface ResetRecord {
  readonly linkId: string;
  readonly atMs: number;
  readonly worker: string;
  /** False when the worker saw an error and cannot know whether ARM acted. */
  readonly confirmed: boolean;
}

export interface Worker {
  readonly name: string;
  readonly deps: RemediationDeps;
  readonly alert: AlertHttpDeps;
  /** Makes the next accepted reset "crash" the worker right after ARM accepted it (before anything is persisted). */
  killAfterNextReset(): void;
}

export interface FaultStackOptions {
  readonly connection: string;
  /** Table prefix: letters and digits, unique per scenario. */
  readonly prefix: string;
  readonly seed: number;
  readonly fleet?: string;
  readonly settings?: Readonly<Record<string, string>>;
}

/** Thrown by a worker that was "killed" mid-remediation; the driver treats it as a crashed invocation. */
export class WorkerKilled extends Error {}

/**
 * Simulator + Azurite tables + the app's real composition (createMonitoringDeps, createRemediationDeps) on one
 * virtual clock. Only the remediation queue is virtual (see VirtualQueue) and the ARM clients of the workers get
 * short real-time timeouts, so faults cost seconds, not minutes.
 */
export class FaultStack {
  readonly clock = new WarpClock(T0);
  readonly queue = new VirtualQueue(this.clock.ms);
  readonly resets: ResetRecord[] = [];
  readonly logs: string[] = [];
  config!: Config;
  sim!: SimulatorHandle;

  private constructor(readonly options: FaultStackOptions) {}

  static async start(options: FaultStackOptions): Promise<FaultStack> {
    const stack = new FaultStack(options);
    stack.sim = await startSimulator({
      fleet: options.fleet ?? '1x4x2x2',
      now: stack.clock.ms,
      retryAfterSeconds: 0,
      faultSeed: options.seed,
      huawei: { projects: [{ ...FAULT_HUAWEI, connections: 4, gateways: 2 }] },
      // The app signs Huawei requests on the scenario's clock, so the simulator checks X-Sdk-Date against it.
      huaweiSignatureNow: stack.clock.ms,
    });
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-faults-')), 'sim.pem');
    writeFileSync(caFile, stack.sim.certPem);
    const p = options.prefix.toLowerCase();
    stack.config = loadConfig({
      AzureWebJobsStorage: options.connection,
      TW_SCOPES: `/subscriptions/${stack.sim.fleet.subscriptionIds()[0]}`,
      TW_ARM_ENDPOINT: stack.sim.url,
      TW_ARM_CA_FILE: caFile,
      TW_HUAWEI_SCOPES: `${FAULT_HUAWEI.region}:${FAULT_HUAWEI.projectId}`,
      TW_HUAWEI_ENDPOINT: stack.sim.url,
      TW_HUAWEI_CA_FILE: caFile,
      TW_HUAWEI_ACCESS_KEY: SIM_HUAWEI_ACCESS_KEY,
      TW_HUAWEI_SECRET_KEY: SIM_HUAWEI_SECRET_KEY,
      TW_TABLE_PREFIX: options.prefix,
      TW_REMEDIATION_QUEUE: `${p}-remediation`,
      TW_POLL_QUEUE: `${p}-shards`,
      TW_REMEDIATION_MODE: 'enabled',
      TW_RESET_BUDGET_PER_HOUR: '4',
      TW_RESET_TIMEOUT_SECONDS: '2',
      TW_IKESAS_TIMEOUT_SECONDS: '1',
      ...options.settings,
    });
    return stack;
  }

  /** One poller instance (a second call is a second instance: its own clients, same storage). */
  monitoring(): ProductionMonitoringDeps {
    const deps = createMonitoringDeps(this.config, { credential: testTokenCredential, clock: this.clock, leaseMs: 60_000, requestTimeoutMs: 800, maxRetries: 1 });
    return { ...deps, remediationQueue: this.queue };
  }

  /** One remediation worker instance: the app's composition with the virtual queue and an observed ARM client. */
  worker(name: string, wrap: (deps: RemediationDeps) => RemediationDeps = (d) => d): Worker {
    const base = createRemediationDeps(this.config, { credential: testTokenCredential, clock: this.clock });
    const arm = createArmNetworkClient({
      endpoint: this.sim.url,
      credential: testTokenCredential,
      caPem: this.sim.certPem,
      concurrency: 4,
      maxRetries: 1,
      requestTimeoutMs: 800,
      lroPollIntervalMs: 50,
    });
    const huawei = this.config.huawei && buildHuaweiProvider(this.config.huawei, { now: this.clock.ms, requestTimeoutMs: 800 });
    const routed = providerNetwork(this.config, arm, huawei).actions;
    let killNext = false;
    const network: NetworkActions = {
      ...routed,
      startReset: async (linkId) => {
        const atMs = this.clock.ms();
        const started = await routed.startReset(linkId);
        // Only a refusal of the POST itself means "not performed"; no answer may still have been a reset.
        if (started.outcome !== 'refused')
          this.resets.push({ linkId, atMs, worker: name, confirmed: started.outcome === 'accepted' });
        if (started.outcome === 'accepted' && killNext) {
          killNext = false;
          throw new WorkerKilled(`worker ${name} killed after ARM accepted the reset of ${linkId}`);
        }
        return started;
      },
    };
    const deps = wrap({ ...base, network, queue: this.queue });
    return {
      name,
      deps,
      alert: { ...base.alert, queue: this.queue },
      killAfterNextReset: () => {
        killNext = true;
      },
    };
  }

  stop(): Promise<void> {
    return this.sim.stop();
  }
}
