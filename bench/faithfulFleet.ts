/**
 * Child-process side of bench/faithfulPoll.ts: one fleet of the faithful10k benchmark in a process of its own, with
 * its own Azurite and simulator, so one fleet's table and ARM work never slows the other's cycles. Prints progress on
 * stderr and one JSON line of FaithfulNumbers on stdout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createJsonQueue } from '../src/adapters/storage/storageQueueClient';
import type { PollCycleSummary } from '../src/app/monitoring/pollCycleSummary';
import { runPollCycle } from '../src/app/monitoring/runPollCycle';
import { createMonitoringDeps } from '../src/composition/createMonitoringDeps';
import { loadConfig } from '../src/config/loadConfig';
import { startAzurite } from '../src/local/stack/startAzurite';
import { startSimulator } from '../src/simulator';
import { testTokenCredential } from '../test/support/simulatorClient';

export const POLL_INTERVAL_MS = 60_000;
export const THRESHOLD_MINUTES = 2;
/** Cycles before the steady state is measured: the first sees every link for the first time. */
const WARM_CYCLES = 3;
const SUBSCRIPTION_READS_PER_MINUTE = 1500;
/** How often the queue is peeked for the failed link's request once it is down (detection is measured to this). */
const QUEUE_WATCH_MS = 500;

export interface FleetInput {
  readonly label: string;
  readonly prefix: string;
  /** Share of idle links (Connected, counters still). */
  readonly idleShare: number;
  /** The run stops after this many cycles even if the failed link was not detected (then detectionMs is null). */
  readonly maxCycles: number;
  /** Azure Monitor tunnel metrics on (the simulator's batch endpoint), with this ingestion delay; off when absent. */
  readonly metrics?: { readonly ingestionDelayMs: number; readonly statusMaxAgeMinutes: number };
  /** Cycles before the steady state is measured (default 3); with metrics, until the first bucket is published. */
  readonly warmCycles?: number;
}

export interface FaithfulNumbers {
  readonly links: number;
  readonly armRequests: number;
  readonly readBudgetPercent: number;
  readonly wallMs: number;
  readonly maxStatusAgeMs: number;
  readonly unconfirmedLinks: number;
  /** Null when the run ended before the failed link's remediation request was queued. */
  readonly detectionMs: number | null;
  /** Time from the failure to the end of the run when it was not detected (a lower bound of detectionMs). */
  readonly undetectedForMs?: number;
  readonly thresholdMs: number;
  readonly pollIntervalMs: number;
  readonly cycles: number;
  /** The machine's highest 1-minute load average seen after a cycle (other work on the machine slows the cycles). */
  readonly maxLoadAverage: number;
  /** 429 answers the poller received (ARM pushed back); 0 when the read budget kept it under the limits. */
  readonly throttledResponses: number;
  /** The most metrics batch calls one steady cycle sent (0 with metrics off). */
  readonly metricCalls: number;
}

type Say = (line: string) => void;

export async function runFleet(input: FleetInput, say: Say): Promise<FaithfulNumbers> {
  const azurite = await startAzurite();
  const sim = await startSimulator({
    fleet: { spec: '1x100x50x2', classicConnections: 0, expressRoute: false },
    idleShare: input.idleShare,
    ...(input.metrics && { metricsIngestionDelayMs: input.metrics.ingestionDelayMs }),
  });
  const warmCycles = input.warmCycles ?? WARM_CYCLES;
  try {
    sim.addFault({ kind: 'latency', ms: 30 });
    const storage = azurite.connectionString;
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-faithful-')), 'sim.pem');
    writeFileSync(caFile, sim.certPem);
    const queueName = `${input.prefix}-remediation`;
    const config = loadConfig({
      AzureWebJobsStorage: storage,
      TW_SCOPES: `/subscriptions/${sim.fleet.subscriptionIds()[0]}`,
      TW_ARM_ENDPOINT: sim.url,
      TW_ARM_CA_FILE: caFile,
      TW_TABLE_PREFIX: input.prefix,
      TW_REMEDIATION_QUEUE: queueName,
      TW_POLL_QUEUE: `${input.prefix}-shards`,
      TW_SHARD_THRESHOLD_GATEWAYS: '100000',
      TW_STUCK_THRESHOLD_MINUTES: String(THRESHOLD_MINUTES),
      ...(input.metrics ? { TW_METRICS_ENDPOINT: sim.url, TW_STATUS_MAX_AGE_MINUTES: String(input.metrics.statusMaxAgeMinutes) } : { TW_METRICS: 'off' }),
    });
    const deps = createMonitoringDeps(config, { credential: testTokenCredential, ...(input.metrics && { metricsIngestionDelayMs: input.metrics.ingestionDelayMs }) });
    await deps.ensureStorage();
    const queue = createJsonQueue(storage, queueName);
    // The link that goes down: an ordinary link (busy when the fleet has busy links; in the all-idle fleet every link is idle).
    const victim = sim.listLinks().find((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly' && l.status === 'Connected' && (input.idleShare >= 1 || l.traffic === 'busy'))!;
    const steady: Array<{ summary: PollCycleSummary; maxAgeMs: number; unconfirmed: number }> = [];
    let downAtMs: number | undefined;
    let watcher: { stop(): void } | undefined;
    let detectionMs: number | undefined;
    let cycles = 0;
    let maxLoadAverage = 0;
    const started = Date.now();
    for (let cycle = 0; cycle < input.maxCycles && detectionMs === undefined; cycle++) {
      const due = started + cycle * POLL_INTERVAL_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      const rt = deps.tableRoundTrips();
      const summary = await runPollCycle(deps);
      cycles++;
      const age = await statusAges(deps, Date.now());
      const load = loadavg()[0]!;
      maxLoadAverage = Math.max(maxLoadAverage, load);
      say(
        `cycle ${cycle}: ${summary.links} links, ${summary.armRequests} ARM requests (${summary.statusReads} status GETs), ${deps.tableRoundTrips() - rt} table round trips, ${summary.durationMs} ms, ` +
          `oldest status ${Math.round(age.maxAgeMs / 1000)} s, ${age.unconfirmed} unconfirmed, ${summary.requestsEnqueued} requests, ${summary.metricCalls} metric calls, load average ${load.toFixed(1)}`,
      );
      if (cycle >= warmCycles) steady.push({ summary, ...age });
      if (cycle === warmCycles) {
        // Right after a steady cycle, as a tunnel fails between two polls: its counters stop from now on.
        sim.setLinkState({ id: victim.id, status: 'NotConnected', scenario: 'stuck' });
        const failedAt = Date.now();
        downAtMs = failedAt;
        say(`link ${victim.id.split('/').slice(-3).join('/')} goes down`);
        // The request is sent by the chunk holding the link, mid-cycle: watch the queue while the cycles run.
        watcher = watchQueue(queue, victim.id, (seenAt) => (detectionMs = seenAt - failedAt));
      }
    }
    watcher?.stop();
    const worst = steady.reduce((a, b) => (b.summary.armRequests > a.summary.armRequests ? b : a), steady[0]!);
    return {
      links: worst.summary.links,
      armRequests: worst.summary.armRequests,
      readBudgetPercent: Math.round(((worst.summary.armRequests * (60_000 / POLL_INTERVAL_MS)) / SUBSCRIPTION_READS_PER_MINUTE) * 1000) / 10,
      wallMs: Math.max(...steady.map((s) => s.summary.durationMs)),
      maxStatusAgeMs: Math.max(...steady.map((s) => s.maxAgeMs)),
      unconfirmedLinks: Math.max(...steady.map((s) => s.unconfirmed)),
      detectionMs: detectionMs ?? null,
      ...(detectionMs === undefined && downAtMs !== undefined && { undetectedForMs: Date.now() - downAtMs }),
      thresholdMs: THRESHOLD_MINUTES * 60_000,
      pollIntervalMs: POLL_INTERVAL_MS,
      cycles,
      maxLoadAverage: Math.round(maxLoadAverage * 10) / 10,
      throttledResponses: deps.fleet.throttles?.() ?? 0,
      metricCalls: Math.max(...steady.map((s) => s.summary.metricCalls)),
    };
  } finally {
    await sim.stop();
    await azurite.stop();
  }
}

/** Peeks the queue every half second until a request for `linkId` is there; `found` gets the time it was first seen. */
function watchQueue(queue: ReturnType<typeof createJsonQueue>, linkId: string, found: (atMs: number) => void): { stop(): void } {
  let stopped = false;
  const look = async (): Promise<void> => {
    while (!stopped) {
      const queued = (await queue.peekJson(32)) as Array<{ linkId?: string }>;
      if (queued.some((m) => m.linkId?.toLowerCase() === linkId.toLowerCase())) return found(Date.now());
      await new Promise((resolve) => setTimeout(resolve, QUEUE_WATCH_MS));
    }
  };
  void look().catch((thrown: unknown) => console.error('queue watch failed', thrown));
  return { stop: () => void (stopped = true) };
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

if (require.main === module) {
  const input = JSON.parse(process.argv[2] ?? '{}') as FleetInput;
  runFleet(input, (line) => process.stderr.write(`  [${input.label}] ${line}\n`))
    .then((numbers) => process.stdout.write(`${JSON.stringify(numbers)}\n`))
    .catch((thrown: unknown) => {
      console.error(thrown);
      process.exit(1);
    });
}
