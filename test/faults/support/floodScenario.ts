import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRemediationDeps } from '../../../src/composition/remediationDeps';
import type { ProductionMonitoringDeps } from '../../../src/composition/createMonitoringDeps';
import { remediateHandler } from '../../../src/functions/remediate';
import type { RemediationDeps } from '../../../src/app/remediation/remediationPorts';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { testTokenCredential } from '../../support/simulatorClient';
import { contextFor, type DeliveryLog } from './delivery';
import { FaultStack } from './faultStack';
import type { CycleRecord } from './invariants';
import { pollOnce } from './polling';
import type { QueuedMessage } from './virtualQueue';

export interface FloodOptions {
  readonly connection: string;
  readonly seed: number;
  /** Real-time poll interval of the scenario (the clock runs at real speed: the pacer's budget is real time). */
  readonly intervalMs: number;
  readonly cycles: number;
  /** Remediation requests sent straight to the queue, round-robin over every link of the fleet. */
  readonly requests: number;
  /** Remediation invocations in flight at once (the host's batch). */
  readonly inFlight: number;
  readonly readsPerMinute: number;
}

export interface TimedCycle extends CycleRecord {
  readonly startedMs: number;
  readonly durationMs: number;
}

export interface FloodResult {
  readonly cycles: readonly TimedCycle[];
  /** When the link was set down, and when a poll first recorded it NotConnected (undefined: never). */
  readonly failedAtMs: number;
  readonly seenDownAtMs?: number;
  readonly deliveries: number;
  readonly queuedAtEnd: number;
  readonly readsByOperation: Readonly<Record<string, number>>;
  /** Fresh link reads sent in the remediation class straight through the worker's ARM actions (the read storm). */
  readonly stormReads: number;
  readonly crashes: readonly string[];
}

/**
 * A remediation flood in one process: the poller and the remediation worker share one ARM adapter (one pacer, one
 * read budget), as the function app's poll timer and queue trigger do. Hundreds of remediation requests are put on
 * the queue and delivered `inFlight` at a time for the whole run while a poll cycle starts every `intervalMs`; a
 * third of the way in, one link goes down in the simulator.
 */
export async function runFloodScenario(options: FloodOptions): Promise<FloodResult> {
  const stack = await FaultStack.start({
    connection: options.connection,
    prefix: `flood${options.seed}`,
    seed: options.seed,
    fleet: '1x10x10x2',
    settings: { TW_ARM_READS_PER_MINUTE: String(options.readsPerMinute), TW_STUCK_THRESHOLD_MINUTES: '3', TW_ARM_CONCURRENCY: '8' },
  });
  stack.clock.setWarp(1);
  const log: DeliveryLog = { crashes: [], httpBodies: [], invocations: 0 };
  const cycles: TimedCycle[] = [];
  let stopped = false;
  try {
    const poller: ProductionMonitoringDeps = stack.monitoring();
    const worker = { ...createRemediationDeps(stack.config, { credential: testTokenCredential, clock: stack.clock, network: poller.arm }), queue: stack.queue };
    const timed = async (label: string): Promise<void> => {
      const startedMs = Date.now();
      const record = await pollOnce(stack, poller, label, log);
      cycles.push({ ...record, startedMs, durationMs: Date.now() - startedMs });
    };
    // The worker's first request pays its one-time costs (tables, permission check) before anything is timed.
    await remediateHandler(async () => worker)({ v: 1, requestId: 'warm-up', kind: 'remediate', linkId: stack.sim.listLinks()[0]!.id, source: 'alert', alertId: 'warm-up', requestedAt: stack.clock.now().toISOString() }, contextFor(stack, 'remediate'));
    // Two cycles before the flood: the first reads every link's status once (no counters to compare yet).
    await timed('baseline-0');
    await timed('baseline-1');
    const links = stack.sim.listLinks().filter((l) => l.kind === 'vwan');
    for (let i = 0; i < options.requests; i++) {
      const link = links[i % links.length]!;
      await stack.queue.send({ v: 1, requestId: `flood-${i}`, kind: 'remediate', linkId: link.id, source: 'alert', alertId: `flood-alert-${i % 10}`, requestedAt: stack.clock.now().toISOString() });
    }
    const readsBefore = stack.sim.calls().byOperation;
    const backlog: QueuedMessage[] = [];
    const deliveries = deliverContinuously(stack, worker, backlog, options.inFlight, log, () => stopped);
    const storm = { reads: 0 };
    const storming = readStorm(worker, links.map((l) => l.id), options.inFlight, storm, () => stopped);
    const victim = links[links.length - 1]!;
    const startMs = Date.now();
    let failedAtMs = 0;
    let seenDownAtMs: number | undefined;
    for (let c = 0; c < options.cycles; c++) {
      const due = startMs + c * options.intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      if (c === 1) {
        failedAtMs = Date.now();
        stack.sim.setLinkState({ id: victim.id, status: 'NotConnected', scenario: 'stuck' });
      }
      await timed(`flood-${c}`);
      if (failedAtMs > 0 && seenDownAtMs === undefined && (await poller.states.get(linkKeyFromId(victim.id)))?.status === 'NotConnected') seenDownAtMs = Date.now();
    }
    stopped = true;
    const readsAfter = stack.sim.calls().byOperation;
    void deliveries;
    void storming;
    return {
      cycles,
      failedAtMs,
      ...(seenDownAtMs !== undefined && { seenDownAtMs }),
      deliveries: log.invocations,
      queuedAtEnd: stack.queue.size + backlog.length,
      readsByOperation: Object.fromEntries(Object.keys(readsAfter).map((op) => [op, (readsAfter[op] ?? 0) - (readsBefore[op] ?? 0)])),
      stormReads: storm.reads,
      crashes: log.crashes,
    };
  } finally {
    stopped = true;
    if (process.env.FAULT_LOG) writeFileSync(path.join(process.env.FAULT_LOG, `flood${options.seed}.log`), stack.logs.join('\n'));
    await stack.stop();
  }
}

/** Keeps `inFlight` remediation invocations going through the exported queue handler until `stop()` or the queue is empty. */
async function deliverContinuously(stack: FaultStack, worker: RemediationDeps, backlog: QueuedMessage[], inFlight: number, log: DeliveryLog, stop: () => boolean): Promise<void> {
  const lane = async (): Promise<void> => {
    while (!stop()) {
      if (backlog.length === 0) backlog.push(...stack.queue.takeDue());
      const message = backlog.shift();
      if (!message) return;
      log.invocations++;
      try {
        await remediateHandler(async () => worker)(message.body, contextFor(stack, 'remediate', { dequeueCount: message.dequeueCount, id: String(message.id) }));
      } catch {
        // A request that failed once the scenario is over (the simulator stopped) is not the scenario's finding.
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

/** `inFlight` lanes of fresh link reads through the remediation worker's ARM actions (remediation class) until `stop()`. */
async function readStorm(worker: RemediationDeps, linkIds: readonly string[], inFlight: number, count: { reads: number }, stop: () => boolean): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (!stop()) {
      const id = linkIds[next++ % linkIds.length]!;
      try {
        await worker.network.readLink(id);
        count.reads++;
      } catch {
        // A read that failed once the scenario is over (the simulator stopped) is not the scenario's finding.
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}
