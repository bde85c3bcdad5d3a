/**
 * Polling on ARM's real shapes (issue 12): 10,000 vWAN links in one subscription, lists WITHOUT connectionStatus (the
 * simulator's default, like Microsoft's examples), ARM's read limits on, 30 ms of latency per request, Azurite, and
 * cycles on the real one-minute schedule (the read budget is a rolling minute, so time cannot be compressed).
 * Two fleets run side by side, each with its own simulator and tunnelwatch: 10% idle links (the headline) and every
 * link idle (the worst case: no counter ever moves, so every status must come from a GET).
 * Per fleet: ARM requests per steady cycle, the share of the subscription's 1,500 reads/min they use, the cycle's
 * wall time, the oldest status confirmation across links in steady state, and the detection time from a link going
 * down (its counters stop) to its remediation request in the queue.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createJsonQueue } from '../src/adapters/storageQueueClient';
import type { PollCycleSummary } from '../src/app/monitoring/pollCycleSummary';
import { runPollCycle } from '../src/app/monitoring/runPollCycle';
import { createMonitoringDeps } from '../src/composition/createMonitoringDeps';
import { loadConfig } from '../src/config/loadConfig';
import { startAzurite } from '../src/local/startAzurite';
import { startSimulator } from '../src/simulator';
import { testTokenCredential } from '../test/support/simulatorClient';
import type { BenchResult } from './listGateways';

const POLL_INTERVAL_MS = 60_000;
const THRESHOLD_MINUTES = 2;
/** Cycles before the steady state is measured: the first sees every link for the first time. */
const WARM_CYCLES = 3;
const MAX_CYCLES = 12;
const SUBSCRIPTION_READS_PER_MINUTE = 1500;

export interface FaithfulNumbers {
  readonly links: number;
  readonly armRequests: number;
  readonly readBudgetPercent: number;
  readonly wallMs: number;
  readonly maxStatusAgeMs: number;
  readonly unconfirmedLinks: number;
  readonly detectionMs: number;
  readonly thresholdMs: number;
  readonly pollIntervalMs: number;
  /** 429 answers the poller received (ARM pushed back); 0 when the read budget kept it under the limits. */
  readonly throttledResponses: number;
}

type Say = (line: string) => void;

export async function benchFaithfulPoll(say: Say = () => undefined): Promise<BenchResult> {
  const azurite = await startAzurite();
  try {
    const [headline, idle] = await Promise.all([
      runFleet(azurite.connectionString, 'f10', 0.1, (l) => say(`  [10% idle] ${l}`)),
      runFleet(azurite.connectionString, 'fidle', 1, (l) => say(`  [all idle] ${l}`)),
    ]);
    return {
      name: 'faithful10k',
      metrics: {
        ...headline,
        idleFleet: `all links idle: ${idle.armRequests} ARM requests/cycle (${idle.readBudgetPercent}% of reads), oldest status ${Math.round(idle.maxStatusAgeMs / 1000)} s, ${idle.unconfirmedLinks} unconfirmed, detection ${Math.round(idle.detectionMs / 1000)} s`,
        idleMaxStatusAgeMs: idle.maxStatusAgeMs,
        idleDetectionMs: idle.detectionMs,
      },
    };
  } finally {
    await azurite.stop();
  }
}

async function runFleet(storage: string, prefix: string, idleShare: number, say: Say): Promise<FaithfulNumbers> {
  const sim = await startSimulator({ fleet: { spec: '1x100x50x2', classicConnections: 0, expressRoute: false }, idleShare });
  try {
    sim.addFault({ kind: 'latency', ms: 30 });
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-faithful-')), 'sim.pem');
    writeFileSync(caFile, sim.certPem);
    const queueName = `${prefix}-remediation`;
    const config = loadConfig({
      AzureWebJobsStorage: storage,
      TW_SCOPES: `/subscriptions/${sim.fleet.subscriptionIds()[0]}`,
      TW_ARM_ENDPOINT: sim.url,
      TW_ARM_CA_FILE: caFile,
      TW_TABLE_PREFIX: prefix,
      TW_REMEDIATION_QUEUE: queueName,
      TW_POLL_QUEUE: `${prefix}-shards`,
      TW_SHARD_THRESHOLD_GATEWAYS: '100000',
      TW_STUCK_THRESHOLD_MINUTES: String(THRESHOLD_MINUTES),
    });
    const deps = createMonitoringDeps(config, { credential: testTokenCredential });
    await deps.ensureStorage();
    const queue = createJsonQueue(storage, queueName);
    // The link that goes down: an ordinary link (busy in the headline fleet; in the all-idle fleet every link is idle).
    const victim = sim.listLinks().find((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly' && l.status === 'Connected' && (idleShare >= 1 || l.traffic === 'busy'))!;
    const steady: Array<{ summary: PollCycleSummary; maxAgeMs: number; unconfirmed: number }> = [];
    let downAtMs: number | undefined;
    let detectionMs: number | undefined;
    const started = Date.now();
    for (let cycle = 0; cycle < MAX_CYCLES && detectionMs === undefined; cycle++) {
      const due = started + cycle * POLL_INTERVAL_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      const summary = await runPollCycle(deps);
      const age = await statusAges(deps, Date.now());
      say(`cycle ${cycle}: ${summary.links} links, ${summary.armRequests} ARM requests, ${summary.durationMs} ms, oldest status ${Math.round(age.maxAgeMs / 1000)} s, ${age.unconfirmed} unconfirmed, ${summary.requestsEnqueued} requests`);
      if (cycle >= WARM_CYCLES && downAtMs === undefined) steady.push({ summary, ...age });
      if (downAtMs !== undefined) {
        const queued = (await queue.peekJson(32)) as Array<{ linkId?: string }>;
        if (queued.some((m) => m.linkId?.toLowerCase() === victim.id.toLowerCase())) detectionMs = Date.now() - downAtMs;
      }
      if (cycle === WARM_CYCLES && downAtMs === undefined) {
        // Right after a steady cycle, as a tunnel fails between two polls: its counters stop from now on.
        sim.setLinkState({ id: victim.id, status: 'NotConnected', scenario: 'stuck' });
        downAtMs = Date.now();
      }
    }
    const worst = steady.reduce((a, b) => (b.summary.armRequests > a.summary.armRequests ? b : a), steady[0]!);
    return {
      links: worst.summary.links,
      armRequests: worst.summary.armRequests,
      readBudgetPercent: Math.round(((worst.summary.armRequests * (60_000 / POLL_INTERVAL_MS)) / SUBSCRIPTION_READS_PER_MINUTE) * 1000) / 10,
      wallMs: Math.max(...steady.map((s) => s.summary.durationMs)),
      maxStatusAgeMs: Math.max(...steady.map((s) => s.maxAgeMs)),
      unconfirmedLinks: Math.max(...steady.map((s) => s.unconfirmed)),
      detectionMs: detectionMs ?? Number.NaN,
      thresholdMs: THRESHOLD_MINUTES * 60_000,
      pollIntervalMs: POLL_INTERVAL_MS,
      throttledResponses: deps.fleet.throttles?.() ?? 0,
    };
  } finally {
    await sim.stop();
  }
}

/** The oldest status confirmation across links, and how many links have none within the max age. */
async function statusAges(deps: ReturnType<typeof createMonitoringDeps>, nowMs: number): Promise<{ maxAgeMs: number; unconfirmed: number }> {
  const states = await deps.states.list();
  let maxAgeMs = 0;
  let unconfirmed = 0;
  for (const s of states) {
    const at = s.statusAt === undefined ? Number.NaN : Date.parse(s.statusAt);
    if (Number.isNaN(at) || s.statusReason !== undefined) unconfirmed++;
    else maxAgeMs = Math.max(maxAgeMs, nowMs - at);
  }
  return { maxAgeMs, unconfirmed };
}
