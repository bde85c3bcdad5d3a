import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '../src/local/stack/localStack';
import { tunnelAlert } from '../test/faults/support/tunnelAlert';
import type { BenchResult } from './listGateways';

const ROOT = path.resolve(__dirname, '..');
const THRESHOLD_MINUTES = 0.5;
const POLL_SECONDS = 5;

export interface DetectionLatency {
  readonly thresholdMs: number;
  readonly pollIntervalMs: number;
  /** Link goes down → ResetConnection reaches ARM, through the poll timer, the queue and the actuator. */
  readonly pollPathMs: number;
  /** Alert POSTed (for a link our state already has down past the threshold) → ResetConnection reaches ARM. */
  readonly webhookPathMs: number;
  /**
   * threshold + two poll intervals + 5 s (issue 12's rule): lists carry no status, so the down streak starts at the
   * first poll whose counters stopped, up to two polls after the failure (the next one may still count its traffic).
   */
  readonly pollPathTargetMs: number;
}

/**
 * Detection-to-reset latency on the real local stack (local host running the app's registrations, Azurite, the
 * simulator) with short settings: stuck after 30 s, poll every 5 s. "Reset requested" is the moment the simulator
 * counts a ResetConnection for the link. The webhook run disables the poll timer (AzureWebJobs.poll.Disabled) and
 * polls by hand when the link goes down, so only the alert can trigger the reset. BENCH_LOG=1 prints the host's log
 * lines (with times) on stderr, to see where a path spends its time.
 */
export function measureDetectionLatency(): DetectionLatency {
  const thresholdMs = THRESHOLD_MINUTES * 60_000;
  const pollIntervalMs = POLL_SECONDS * 1000;
  // One host per process (the app's composition caches its clients per process): each path runs in a child.
  const pollPathMs = inChild('poll');
  const webhookPathMs = inChild('webhook');
  return {
    thresholdMs,
    pollIntervalMs,
    pollPathMs: Math.round(pollPathMs),
    webhookPathMs: Math.round(webhookPathMs),
    pollPathTargetMs: thresholdMs + 2 * pollIntervalMs + 5000,
  };
}

function inChild(which: 'poll' | 'webhook'): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--path', which], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const ms = Number(/^latencyMs=(\d+(\.\d+)?)$/m.exec(child.stdout)?.[1]);
  if (child.status !== 0 || !Number.isFinite(ms))
    throw new Error(`detection latency (${which}) failed: ${child.stderr.slice(-1500)}`);
  return ms;
}

async function measurePath(which: 'poll' | 'webhook'): Promise<number> {
  const thresholdMs = THRESHOLD_MINUTES * 60_000;
  const pollIntervalMs = POLL_SECONDS * 1000;
  if (which === 'poll') return pollPath(thresholdMs, pollIntervalMs);
  return webhookPath(thresholdMs);
}

function pollPath(thresholdMs: number, pollIntervalMs: number): Promise<number> {
  return withStack({}, async (stack, linkId) => {
    const down = performance.now();
    stack.simulator!.setLinkState({ id: linkId, status: 'NotConnected', scenario: 'stuck' });
    await waitForReset(stack, linkId, thresholdMs + pollIntervalMs + 60_000);
    return performance.now() - down;
  });
}

function webhookPath(thresholdMs: number): Promise<number> {
  return withStack({ 'AzureWebJobs.poll.Disabled': 'true' }, async (stack, linkId) => {
    stack.simulator!.setLinkState({ id: linkId, status: 'NotConnected', scenario: 'stuck' });
    // Lists carry no status: the first poll may still see the counters grow (traffic from before the failure); the
    // second sees them flat and reads the status, and the down streak starts there.
    await stack.host.invokeTimer('poll');
    await sleep(1000);
    await stack.host.invokeTimer('poll');
    await sleep(thresholdMs + 1000);
    const gatewayId = linkId.split('/vpnConnections/')[0]!;
    const connection = /\/vpnConnections\/([^/]+)/i.exec(linkId)?.[1] ?? '';
    const posted = performance.now();
    const response = await fetch(`${stack.host.apiUrl}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-functions-key': stack.host.functionKey },
      body: JSON.stringify(tunnelAlert(gatewayId, connection, `/bench/alerts/${Date.now()}`)),
    });
    if (response.status !== 202)
      throw new Error(`alert answered ${response.status}: ${await response.text()}`);
    await waitForReset(stack, linkId, 60_000);
    return performance.now() - posted;
  });
}

export async function benchDetectionLatency(): Promise<BenchResult> {
  const d = measureDetectionLatency();
  return { name: 'detection', metrics: { ...d, webhookPathTargetMs: 5000 } };
}

async function withStack(
  settings: Record<string, string>,
  run: (stack: LocalStack, linkId: string) => Promise<number>,
): Promise<number> {
  const stack = await startLocalStack({
    functionsDir: path.join(ROOT, 'src/functions'),
    hostJsonPath: path.join(ROOT, 'host.json'),
    port: 0,
    fleet: '1x4x2x2',
    log: process.env.BENCH_LOG ? (line: string) => console.error(new Date().toISOString(), line) : () => undefined,
    settings: {
      TW_STUCK_THRESHOLD_MINUTES: String(THRESHOLD_MINUTES),
      TW_POLL_SCHEDULE: `*/${POLL_SECONDS} * * * * *`,
      TW_RESET_COOLDOWN_MINUTES: '5',
      TW_REMEDIATION_MODE: 'enabled',
      ...settings,
    },
  });
  try {
    await stack.host.invokeTimer('poll');
    // A healthy link on a gateway without the demo's stuck or flapping link, so no guard stands in the way.
    const busy = new Set(
      [stack.demo?.stuckLinkId, stack.demo?.flappingLinkId].map((id) => id?.split('/vpnConnections/')[0]),
    );
    const link = stack
      .simulator!.listLinks()
      .find(
        (l) =>
          l.kind === 'vwan' &&
          l.mode !== 'ResponderOnly' &&
          !busy.has(l.gatewayId) &&
          l.status === 'Connected',
      );
    if (!link) throw new Error('no suitable link in the bench fleet');
    return await run(stack, link.id);
  } finally {
    await stack.stop();
  }
}

async function waitForReset(stack: LocalStack, linkId: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((stack.simulator!.calls().resets[linkId] ?? 0) === 0) {
    if (performance.now() > deadline) throw new Error(`no reset of ${linkId} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

if (require.main === module) {
  const which = process.argv[process.argv.indexOf('--path') + 1];
  if (process.argv.includes('--path') && (which === 'poll' || which === 'webhook')) {
    measurePath(which)
      .then((ms) => {
        console.log(`latencyMs=${ms}`);
        process.exit(0);
      })
      .catch((thrown: unknown) => {
        console.error(thrown);
        process.exit(1);
      });
  } else {
    console.log(JSON.stringify(measureDetectionLatency(), null, 2));
  }
}
