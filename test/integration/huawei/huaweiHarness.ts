import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import type { RemediationDeps } from '../../../src/app/remediation/remediationPorts';
import { createMonitoringDeps } from '../../../src/composition/createMonitoringDeps';
import { createRemediationDeps } from '../../../src/composition/remediationDeps';
import { loadConfig } from '../../../src/config/loadConfig';
import { parseRemediationRequest, type RemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { SIM_HUAWEI_ACCESS_KEY, SIM_HUAWEI_SECRET_KEY, startSimulator, type SimulatorHandle } from '../../../src/simulator';
import { testTokenCredential } from '../../support/simulatorClient';
import { TestClock } from '../monitoring/monitoringHarness';
import { FakeQueue } from '../../unit/remediation/support/remediationHarness';

export const REGION = 'ap-southeast-1';
export const PROJECT = '0123456789abcdef0123456789abcdef';
export const OTHER_PROJECT = 'fedcba9876543210fedcba9876543210';

/** Simulator options a test file may change (defaults: the simulator's own). */
export interface HuaweiHarnessOptions {
  readonly huaweiResetPendingMs?: number;
  readonly activeStandbyPairs?: number;
  readonly pairedLinks?: readonly string[];
}

/**
 * The app's real composition (createMonitoringDeps, createRemediationDeps) over the simulator's ARM and Huawei APIs and
 * Azurite, one test clock for all (the simulator checks Huawei signatures against it).
 */
export async function startHuaweiHarness(connection: string, options: HuaweiHarnessOptions = {}) {
  const clock = new TestClock();
  const sim: SimulatorHandle = await startSimulator({
    ...(options.huaweiResetPendingMs !== undefined && { huaweiResetPendingMs: options.huaweiResetPendingMs }),
    fleet: '1x1x2x1',
    now: () => clock.ms,
    huaweiSignatureNow: () => clock.ms,
    retryAfterSeconds: 0,
    recoveryAfterResetMs: 0,
    huaweiBucket: { burst: 1000, refillPerSecond: 1000 },
    huawei: {
      projects: [
        {
          region: REGION,
          projectId: PROJECT,
          connections: 4,
          gateways: 2,
          activeStandbyPairs: options.activeStandbyPairs ?? 0,
          ...(options.pairedLinks && { pairedLinks: options.pairedLinks }),
        },
        { region: REGION, projectId: OTHER_PROJECT, connections: 1, gateways: 1 },
      ],
    },
  });
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-huawei-')), 'sim.pem');
  writeFileSync(caFile, sim.certPem);
  const env = (prefix: string, settings: Record<string, string>) =>
    loadConfig({
      AzureWebJobsStorage: connection,
      TW_SCOPES: `/subscriptions/${sim.fleet.subscriptionIds()[0]}`,
      TW_ARM_ENDPOINT: sim.url,
      TW_ARM_CA_FILE: caFile,
      TW_HUAWEI_SCOPES: `${REGION}:${PROJECT}`,
      TW_HUAWEI_ENDPOINT: sim.url,
      TW_HUAWEI_CA_FILE: caFile,
      TW_HUAWEI_ACCESS_KEY: SIM_HUAWEI_ACCESS_KEY,
      TW_HUAWEI_SECRET_KEY: SIM_HUAWEI_SECRET_KEY,
      TW_TABLE_PREFIX: prefix,
      TW_REMEDIATION_QUEUE: `${prefix.toLowerCase()}-remediation`,
      TW_POLL_QUEUE: `${prefix.toLowerCase()}-shards`,
      TW_STUCK_THRESHOLD_MINUTES: '3',
      TW_REMEDIATION_MODE: 'enabled',
      TW_POSTCHECK_DELAY_MINUTES: '1',
      ...settings,
    });
  const huaweiLinks = (projectId = PROJECT) => sim.listLinks().filter((l) => l.kind === 'huawei' && l.projectId === projectId);

  return {
    sim,
    clock,
    huaweiLinks,
    monitoring: (prefix: string, settings: Record<string, string> = {}) =>
      createMonitoringDeps(env(prefix, settings), { credential: testTokenCredential, clock, leaseMs: 60_000, requestTimeoutMs: 3000, maxRetries: 1 }),
    /** The actuator; follow-ups (post-checks, retries) land in `followUps`. */
    actuator: (prefix: string, settings: Record<string, string> = {}) => {
      const built = createRemediationDeps(env(prefix, settings), { credential: testTokenCredential, clock });
      const followUps = new FakeQueue();
      return { deps: { ...built, queue: followUps } as RemediationDeps, followUps };
    },
    /** Polls once a minute `cycles` times; returns the remediation requests queued for `linkId`. */
    pollFor: async (prefix: string, linkId: string, cycles: number, settings: Record<string, string> = {}): Promise<RemediationRequest[]> => {
      const monitoring = createMonitoringDeps(env(prefix, settings), { credential: testTokenCredential, clock, leaseMs: 60_000, requestTimeoutMs: 3000, maxRetries: 1 });
      for (let i = 0; i < cycles; i++) {
        await runPollCycle(monitoring);
        clock.advance(60_000);
      }
      const queued = (await createJsonQueue(connection, `${prefix.toLowerCase()}-remediation`).peekJson(32)).map(parseRemediationRequest);
      return queued.filter((m) => m.linkId.toLowerCase() === linkId.toLowerCase());
    },
    deliverFollowUps: async (deps: RemediationDeps, followUps: FakeQueue): Promise<void> => {
      for (let i = 0; i < 20; i++) {
        const next = followUps.drain();
        if (next.length === 0) return;
        for (const m of next) {
          clock.advance(m.visibilityDelayMs);
          await handleRemediationRequest(deps, m.request, clock.now());
        }
      }
      throw new Error('follow-ups did not settle');
    },
    resetsOf: (linkId: string): number => sim.calls().resets[linkId] ?? 0,
    stop: () => sim.stop(),
  };
}

export type HuaweiHarness = Awaited<ReturnType<typeof startHuaweiHarness>>;
