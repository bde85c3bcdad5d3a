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
