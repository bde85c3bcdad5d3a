import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { HttpRequest } from '@azure/functions';
import { tableName } from '../../../src/adapters/storage/tableClients';
import { isHuaweiId } from '../../../src/core/huawei/huaweiId';
import { ROLE_ACTIONS } from '../../../src/adapters/arm/armOperations';
import type { FaultKind } from '../../../src/simulator';
import { MONITORING_SLICES } from '../../../src/app/monitoring/monitoringTables';
import type { RemediationDeps } from '../../../src/app/remediation/remediationPorts';
import { buildQueryDeps } from '../../../src/composition/queryDeps';
import { REMEDIATION_TABLES } from '../../../src/app/remediation/remediationTables';
import { linksHandler } from '../../../src/functions/links';
import { remediationsHandler } from '../../../src/functions/remediations';
import { contextFor, deliverDue, postAlert, tunnelAlert, type DeliveryLog } from './delivery';
import { FaultStack } from './faultStack';
import {
  checkCrashes,
  checkCycles,
  checkIncidents,
  checkResets,
  checkResetStories,
  checkSecrets,
  type CycleRecord,
} from './invariants';
import { pollOnce } from './polling';
import { Prng } from './prng';
import { planScenario, type RoundPlan } from './scenarioPlan';
import { dumpStorage, rowsOf, sliceRowsOf } from './storageScan';
import { sliceScheme } from '../../../src/core/retention/timeSlices';

export interface ScenarioOptions {
  readonly connection: string;
  readonly seed: number;
  readonly rounds?: number;
  /** Replaces every worker's dependencies (the suite's self-test breaks a guard with this). */
  readonly wrapWorker?: (deps: RemediationDeps) => RemediationDeps;
  /** Distinguishes runs of one seed in one Azurite. */
  readonly tag?: string;
  /**
   * For the whole faulty phase: ARM accepts every reset but has no effect, and every status poll of a long-running
   * operation fails this way (a throttled read bucket, a 5xx, a dropped socket). Resets then end "outcome unknown".
   */
  readonly statusPollFault?: FaultKind | 'forbidden';
  /** Storage stopped in the middle of round `atRound`'s poll cycle and started again `downMs` (real time) later. */
  readonly storageOutage?: { readonly atRound: number; readonly downMs: number; stop(): Promise<void>; start(): Promise<void> };
}

export interface ScenarioResult {
  readonly seed: number;
  readonly violations: readonly string[];
  readonly stats: {
    readonly resets: number;
    /** Of those, resets of the Huawei connection. */
    readonly huaweiResets: number;
    readonly invocations: number;
    readonly cycles: number;
    readonly poisoned: number;
    readonly faults: readonly string[];
    /** Audit rows of reset steps by outcome (accepted, unknown, succeeded, …). */
    readonly resetOutcomes: Readonly<Record<string, number>>;
  };
}

const MINUTE = 60_000;

/** Runs one seeded scenario end to end and checks the five invariants; never throws for a violation, returns it. */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const plan = planScenario(options.seed, options.rounds);
  const rng = new Prng(options.seed ^ 0x5eed);
  const prefix = `f${options.seed}${options.tag ?? ''}`;
  const stack = await FaultStack.start({ connection: options.connection, prefix, seed: options.seed, settings: { TW_STUCK_THRESHOLD_MINUTES: '3' } });
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
  process.on('unhandledRejection', onUnhandled);
  const log: DeliveryLog = { crashes: [], httpBodies: [], invocations: 0 };
  const cycles: CycleRecord[] = [];
  try {
    const pollers = [stack.monitoring(), stack.monitoring()] as const;
    const workers = ['w1', 'w2', 'w3'].map((name) => stack.worker(name, options.wrapWorker));
    const stuck = stageStuckLinks(stack, plan.stuckLinks);
    if (options.statusPollFault) {
      stack.sim.addFault({ kind: 'reset-no-effect' });
      if (options.statusPollFault === 'forbidden') {
        // The permission check passed when each worker started; then the status reads are taken away (a role
        // reassigned to a single resource): ARM still accepts the POST, every status URL answers 403.
        for (const worker of workers) await worker.deps.permissions?.();
        const allowed = ROLE_ACTIONS.filter((action) => !action.startsWith('Microsoft.Network/locations/'));
        stack.sim.setRbac([{ scope: `/subscriptions/${stack.sim.fleet.subscriptionIds()[0]}`, actions: allowed }]);
      } else {
        for (const operation of ['Network_Locations_OperationResults', 'Network_Locations_Operations'] as const) stack.sim.addFault({ kind: options.statusPollFault, operation });
      }
    }
    const spareGateway = [
      ...new Set(
        stack.sim
          .listLinks()
          .filter((l) => l.kind === 'vwan')
          .map((l) => l.gatewayId),
      ),
    ].find((g) => !stuck.some((s) => s.gatewayId === g));
    for (const [index, round] of plan.rounds.entries()) {
      await playRound(stack, round, index);
    }
    // The faults stop. Poll every minute for longer than the stuck threshold, then jump virtual time to each
    // follow-up until the queue is empty (bounded), polling before each delivery as the timer would have.
    stack.sim.clearFaults();
    stack.sim.clearRbac();
    stack.clock.setWarp(20);
    const quietUntil = stack.clock.ms() + stack.config.stuckThresholdMs + 3 * MINUTE;
    for (let step = 0; step < 80 && (stack.queue.size > 0 || stack.clock.ms() < quietUntil); step++) {
      const nextPoll = stack.clock.ms() + (stack.clock.ms() < quietUntil ? MINUTE : 5 * MINUTE);
      stack.clock.advanceTo(Math.min(stack.queue.nextDueMs() ?? Number.POSITIVE_INFINITY, nextPoll));
      cycles.push(await pollOnce(stack, pollers[0], `quiet-${step}`, log));
      await deliverDue(stack, workers, 1, rng, log);
    }
    stack.clock.advance(MINUTE);
    cycles.push(await pollOnce(stack, pollers[0], 'final', log));
    return { seed: options.seed, violations: await checkAll(), stats: await statsOf() };

    async function playRound(s: FaultStack, round: RoundPlan, index: number): Promise<void> {
      s.clock.advance(MINUTE);
      let midCycle: (() => void) | undefined;
      for (const fault of round.faults) {
        if ('spec' in fault) s.sim.addFault(fault.spec);
        else if (fault.name === 'never-ending-lro') s.clock.setWarp(0);
        else if (spareGateway) midCycle = () => s.sim.deleteGateway(spareGateway);
      }
      const outage = options.storageOutage;
      let stopping: Promise<void> | undefined;
      if (outage?.atRound === index) {
        midCycle = () => void (stopping = outage.stop().then(() => new Promise((resolve) => setTimeout(resolve, outage.downMs)).then(() => outage.start())));
      }
      const timers = round.twoTimers ? pollers : [pollers[0]];
      cycles.push(...(await Promise.all(timers.map((p, t) => pollOnce(s, p, `round-${index}-timer-${t}`, log, t === 0 ? midCycle : undefined)))));
      if (round.poisonMessage) s.queue.put('{"v":1,"kind":"remediate","linkId":42');
      const target = stuck[index % stuck.length]!;
      for (let r = 0; r < round.webhookReplays; r++) await postAlert(s, rng.pick(workers), tunnelAlert(target.gatewayId, target.connection, `/alerts/${options.seed}-${index}`), log);
      if (round.killWorker) rng.pick(workers).killAfterNextReset();
      await deliverDue(s, workers, round.copies, rng, log);
      await stopping;
      s.clock.setWarp(20);
    }

    async function checkAll(): Promise<string[]> {
      const queryDeps = buildQueryDeps(options.connection, prefix);
      for (const handler of [linksHandler(() => queryDeps), remediationsHandler(() => queryDeps)]) {
        const response = await handler(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/links?top=500' }), contextFor(stack, 'query'));
        log.httpBodies.push(JSON.stringify(response.jsonBody ?? response.body ?? null));
        if ((response.status ?? 200) >= 500) log.crashes.push(`query route answered ${response.status}`);
      }
      const dump = await dumpStorage(options.connection, prefix);
      const settings = stack.config;
      const states = await pollers[0].states.list();
      const haystacks: Array<readonly [string, string]> = [
        ...[...dump.tables].map(([name, rows]) => [`table ${name}`, JSON.stringify(rows)] as const),
        ['Azurite queues', JSON.stringify(dump.queueMessages)],
        ['remediation queue messages', JSON.stringify(stack.queue.everSent)],
        ['host log', stack.logs.join('\n')],
        ['HTTP responses', log.httpBodies.join('\n')],
      ];
      return [
        ...checkResets(stack.resets, stack.sim.calls().resets, settings.resetCooldownMs, settings.resetBudgetPerHour),
        ...checkIncidents(rowsOf(dump, tableName(prefix, REMEDIATION_TABLES.incidents)), states, stack.queue.size),
        ...checkCycles(cycles, sliceRowsOf(dump, sliceScheme(`${prefix}${MONITORING_SLICES.snapshots.kind}`, MONITORING_SLICES.snapshots.days)), sliceRowsOf(dump, sliceScheme(`${prefix}${MONITORING_SLICES.pollRuns.kind}`, MONITORING_SLICES.pollRuns.days))),
        ...checkCrashes(unhandled, log.crashes),
        ...checkSecrets(stack.sim.secrets(), haystacks),
        ...checkResetStories(rowsOf(dump, tableName(prefix, REMEDIATION_TABLES.audit))),
        ...(stack.queue.poison.some((m) => typeof m.body === 'object')
          ? ['(2) a valid remediation request ended in the poison queue']
          : []),
      ];
    }

    async function statsOf(): Promise<ScenarioResult['stats']> {
      const faults = [...new Set(plan.rounds.flatMap((r) => r.faults.map((f) => f.name)))];
      const resetOutcomes: Record<string, number> = {};
      for (const row of rowsOf(
        await dumpStorage(options.connection, prefix),
        tableName(prefix, REMEDIATION_TABLES.audit),
      )) {
        if (row.step === 'reset')
          resetOutcomes[String(row.outcome)] = (resetOutcomes[String(row.outcome)] ?? 0) + 1;
      }
      return {
        resets: stack.resets.length,
        huaweiResets: stack.resets.filter((r) => isHuaweiId(r.linkId)).length,
        invocations: log.invocations,
        cycles: cycles.length,
        poisoned: stack.queue.poison.length,
        faults,
        resetOutcomes,
      };
    }
  } finally {
    // FAULT_LOG=<dir> keeps each scenario's captured host log for a failure's post-mortem.
    if (process.env.FAULT_LOG) writeFileSync(path.join(process.env.FAULT_LOG, `${prefix}.log`), stack.logs.join('\n'));
    process.removeListener('unhandledRejection', onUnhandled);
    await stack.stop();
  }
}

interface StuckLink {
  readonly id: string;
  readonly gatewayId: string;
  readonly connection: string;
}

/**
 * Holds `count` ordinary vWAN links down until reset, one per gateway (below the blast-radius threshold), and one
 * Huawei connection (it is never the webhook's target: Azure Monitor alerts name Azure resources).
 */
function stageStuckLinks(stack: FaultStack, count: number): StuckLink[] {
  const huawei = stack.sim.listLinks().find((l) => l.kind === 'huawei');
  if (huawei) stack.sim.setLinkState({ id: huawei.id, scenario: 'stuck' });
  const byGateway = new Map<string, StuckLink>();
  for (const link of stack.sim.listLinks()) {
    if (link.kind !== 'vwan' || link.mode === 'ResponderOnly' || byGateway.has(link.gatewayId) || byGateway.size >= count) continue;
    const connection = /\/vpnConnections\/([^/]+)/i.exec(link.id)?.[1] ?? '';
    byGateway.set(link.gatewayId, { id: link.id, gatewayId: link.gatewayId, connection });
    stack.sim.setLinkState({ id: link.id, status: 'NotConnected', scenario: 'stuck' });
  }
  return [...byGateway.values()];
}
