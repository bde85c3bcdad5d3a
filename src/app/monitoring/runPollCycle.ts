import { planPollShards } from '../../core/planPollShards';
import { normalizeArmId } from '../../core/armId';
import type { MonitoringDeps } from './monitoringDeps';
import { emptyOutcome, startMeter, type PollCycleSummary } from './pollCycleSummary';
import { pollTargets, type PollOutcome } from './pollTargets';
import { reportCycle } from './reportCycle';

export const POLL_LEASE = 'poll-cycle';

/**
 * The timer's use case. Takes a storage lease first, so an overrunning cycle, a second instance or a past-due
 * catch-up never polls alongside another (a past-due timer simply runs this once: one cycle, not a backlog).
 * Small fleets are polled inline; above TW_SHARD_THRESHOLD_GATEWAYS only shard messages are enqueued.
 * `gatewayIds` restricts the cycle to those targets and always polls inline (operator/test use).
 */
export async function runPollCycle(deps: MonitoringDeps, input: { readonly now?: Date; readonly gatewayIds?: readonly string[] } = {}): Promise<PollCycleSummary> {
  const nowMs = (input.now ?? deps.clock.now()).getTime();
  const started = Date.now();
  const cycleId = String(nowMs);
  const holder = `${cycleId}-${globalThis.crypto.randomUUID()}`;
  await deps.ensureStorage?.();
  const meter = startMeter(deps);
  if (!(await deps.leases.acquire(POLL_LEASE, holder, nowMs, deps.settings.leaseMs))) {
    return summarize(cycleId, 'skipped', 0, emptyOutcome(), meter(), started, 0, 'another poll cycle holds the lease');
  }
  try {
    const discovered = await deps.fleet.discover(deps.settings.scopes);
    const wanted = input.gatewayIds?.map(normalizeArmId);
    const targets = wanted ? discovered.targets.filter((t) => wanted.includes(normalizeArmId(t.id))) : discovered.targets;
    const plan = wanted ? { mode: 'inline' as const, targets } : planPollShards(targets, deps.settings.shardThresholdGateways, deps.settings.shardSizeGateways);
    const startedAt = new Date(nowMs).toISOString();
    let outcome: PollOutcome = emptyOutcome();
    if (plan.mode === 'inline') {
      outcome = await pollTargets(deps, plan.targets, nowMs, !wanted);
    } else {
      for (const shard of plan.shards) await deps.shardQueue.send({ v: 1, cycleId, shard: shard.index, targets: shard.targets });
    }
    outcome = { ...outcome, failures: [...discovered.failures, ...outcome.failures] };
    await deps.pollRuns.save({
      cycleId,
      shard: plan.mode === 'inline' ? 'all' : 'plan',
      startedAt,
      finishedAt: deps.clock.now().toISOString(),
      status: 'done',
      links: outcome.links,
      failures: outcome.failures,
    });
    const shards = plan.mode === 'sharded' ? plan.shards.length : 0;
    const summary = summarize(cycleId, plan.mode, targets.length, outcome, meter(), started, shards);
    reportCycle(deps, summary, outcome);
    return summary;
  } finally {
    await deps.leases.release(POLL_LEASE, holder, deps.clock.now().getTime());
  }
}

export function summarize(
  cycleId: string,
  mode: PollCycleSummary['mode'],
  targets: number,
  outcome: PollOutcome,
  meter: ReturnType<ReturnType<typeof startMeter>>,
  startedAtMs: number,
  shardsEnqueued: number,
  skippedReason?: string,
): PollCycleSummary {
  return {
    cycleId,
    mode,
    ...(skippedReason && { skippedReason }),
    targets,
    links: outcome.links,
    byStatus: outcome.byStatus,
    ...meter,
    failures: outcome.failures,
    fallbackTargets: outcome.fallbackTargets,
    transitions: outcome.transitions.length,
    incidentsOpened: outcome.opened.length,
    incidentsClosed: outcome.closedIncidents,
    requestsEnqueued: outcome.requestsEnqueued,
    rollupsFlushed: outcome.rollups.flushed,
    rollupsPending: outcome.rollups.pending,
    shardsEnqueued,
    durationMs: Date.now() - startedAtMs,
  };
}
