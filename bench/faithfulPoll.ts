/**
 * Polling on ARM's real shapes (issue 12): 10,000 vWAN links in one subscription, lists WITHOUT connectionStatus (the
 * simulator's default, like Microsoft's examples), ARM's read limits on, 30 ms of latency per request, Azurite, and
 * cycles on the real one-minute schedule (the read budget is a rolling minute, so time cannot be compressed).
 * Two fleets, each in a child process of its own with its own Azurite and simulator (bench/faithfulFleet.ts): 10% idle
 * links (the headline) and every link idle (the worst case: no counter ever moves, so every status must come from a GET).
 * Per fleet: ARM requests per steady cycle, the share of the subscription's 1,500 reads/min they use, the cycle's
 * wall time, the oldest status confirmation across links in steady state, and the detection time from a link going
 * down (its counters stop) to its remediation request in the queue.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { FaithfulNumbers, FleetInput } from './faithfulFleet';
import type { BenchResult } from './listGateways';

type Say = (line: string) => void;

/**
 * The headline fleet runs until its failed link is detected (about 8 cycles); the worst case, whose failed link waits
 * for a GET that may be many minutes away, is cut off earlier. Run one after the other, so neither slows the other.
 */
const HEADLINE_MAX_CYCLES = 10;
const IDLE_MAX_CYCLES = 6;

export async function benchFaithfulPoll(say: Say = () => undefined): Promise<BenchResult> {
  const headline = await runChild({ label: '10% idle', prefix: 'f10', idleShare: 0.1, maxCycles: HEADLINE_MAX_CYCLES }, say);
  const idle = await runChild({ label: 'all idle', prefix: 'fidle', idleShare: 1, maxCycles: IDLE_MAX_CYCLES }, say);
  const seconds = (ms: number): number => Math.round(ms / 1000);
  const idleDetection = idle.detectionMs !== null ? `detection ${seconds(idle.detectionMs)} s` : `not detected ${seconds(idle.undetectedForMs ?? 0)} s after the failure (run ended)`;
  return {
    name: 'faithful10k',
    metrics: {
      links: headline.links,
      armRequests: headline.armRequests,
      readBudgetPercent: headline.readBudgetPercent,
      wallMs: headline.wallMs,
      maxStatusAgeMs: headline.maxStatusAgeMs,
      unconfirmedLinks: headline.unconfirmedLinks,
      detectionMs: headline.detectionMs ?? Number.NaN,
      thresholdMs: headline.thresholdMs,
      pollIntervalMs: headline.pollIntervalMs,
      throttledResponses: headline.throttledResponses,
      cycles: headline.cycles,
      maxLoadAverage: headline.maxLoadAverage,
      idleFleet: `all links idle: ${idle.armRequests} ARM requests/cycle (${idle.readBudgetPercent}% of reads), cycles up to ${seconds(idle.wallMs)} s, oldest status ${seconds(idle.maxStatusAgeMs)} s, ${idle.unconfirmedLinks} unconfirmed, ${idleDetection}`,
      idleMaxStatusAgeMs: idle.maxStatusAgeMs,
      idleUnconfirmedLinks: idle.unconfirmedLinks,
      idleDetectionMs: idle.detectionMs ?? Number.NaN,
      idleMaxLoadAverage: idle.maxLoadAverage,
    },
  };
}

/** Metrics buckets are 5 minutes, as in Azure; the ingestion delay is shortened from 3 minutes to 30 s (target scaled). */
const IDLE10K_INGESTION_DELAY_MS = 30_000;
const IDLE10K_MAX_AGE_MINUTES = 10;
const BUCKET_MS = 5 * 60_000;

/**
 * idle10k: every one of 10,000 vWAN links idle, Azure Monitor metrics on (the simulator's batch endpoint), ARM's read
 * limits, the real one-minute schedule. The steady state starts once the first bucket is published (bucket + delay);
 * a link then fails and is detected through its silent bucket, a GET and the threshold. Targets: no unconfirmed link,
 * oldest status ≤ 10 min, ≤ 50% of the read budget, ≤ 10 metric calls per cycle, detection ≤ threshold + bucket +
 * ingestion delay (30 s here, not 3 min: the target is scaled with it) + 2 polls + 5 s.
 */
export async function benchIdle10k(say: Say = () => undefined): Promise<BenchResult> {
  const warmCycles = Math.ceil((BUCKET_MS + IDLE10K_INGESTION_DELAY_MS) / 60_000) + 2;
  const n = await runChild(
    { label: 'idle10k', prefix: 'fmet', idleShare: 1, maxCycles: warmCycles + 12, warmCycles, metrics: { ingestionDelayMs: IDLE10K_INGESTION_DELAY_MS, statusMaxAgeMinutes: IDLE10K_MAX_AGE_MINUTES } },
    say,
  );
  return {
    name: 'idle10k',
    metrics: {
      links: n.links,
      armRequests: n.armRequests,
      readBudgetPercent: n.readBudgetPercent,
      metricCalls: n.metricCalls,
      unconfirmedLinks: n.unconfirmedLinks,
      maxStatusAgeMs: n.maxStatusAgeMs,
      detectionMs: n.detectionMs ?? Number.NaN,
      thresholdMs: n.thresholdMs,
      pollIntervalMs: n.pollIntervalMs,
      detectionTargetMs: n.thresholdMs + BUCKET_MS + IDLE10K_INGESTION_DELAY_MS + 2 * n.pollIntervalMs + 5_000,
      ingestionDelayMs: IDLE10K_INGESTION_DELAY_MS,
      wallMs: n.wallMs,
      cycles: n.cycles,
    },
  };
}

function runChild(input: FleetInput, say: Say): Promise<FaithfulNumbers> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'faithfulFleet.ts'), JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '' && !line.startsWith('WARNING')) say(line);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`faithful10k fleet ${input.label} exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as FaithfulNumbers);
    });
  });
}
