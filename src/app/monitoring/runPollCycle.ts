import { planPollShards } from '../../core/polling/planPollShards';
import { shareReadBudget } from '../../core/polling/shareReadBudget';
import { normalizeArmId } from '../../core/ids/armId';
import type { MonitoringDeps } from './monitoringDeps';
import { startMeter, summarize, type PollCycleSummary } from './pollCycleSummary';
import { emptyPollOutcome, type PollOutcome } from './pollOutcome';
import { pollTargets } from './pollTargets';
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
  // One clock per use case: `now`, the lease times and the cycle's duration all come from deps.clock.
  const started = deps.clock.now().getTime();
  const elapsed = (): number => deps.clock.now().getTime() - started;
  const cycleId = String(nowMs);
  const holder = `${cycleId}-${globalThis.crypto.randomUUID()}`;
  await deps.ensureStorage?.();
  const meter = startMeter(deps);
  if (!(await deps.leases.acquire(POLL_LEASE, holder, nowMs, deps.settings.leaseMs))) {
    return summarize({ cycleId, mode: 'skipped', targets: 0, outcome: emptyPollOutcome(), meter: meter(), durationMs: elapsed(), shardsEnqueued: 0, skippedReason: 'another poll cycle holds the lease' });
  }
  try {
    const discovered = await deps.fleet.discover(deps.settings.scopes);
    const wanted = input.gatewayIds?.map(normalizeArmId);
    const targets = wanted ? discovered.targets.filter((t) => wanted.includes(normalizeArmId(t.id))) : discovered.targets;
    const plan = wanted ? { mode: 'inline' as const, targets } : planPollShards(targets, deps.settings.shardThresholdGateways, deps.settings.shardSizeGateways);
    const startedAt = new Date(nowMs).toISOString();
    let outcome: PollOutcome = emptyPollOutcome();
    if (plan.mode === 'inline') {
      outcome = await pollTargets(deps, plan.targets, nowMs, !wanted, wanted ? undefined : 'all');
    } else {
      // Each shard carries its share of the read budget, so all shards of a cycle together stay within it.
      const shares = shareReadBudget(plan.shards, deps.settings.armReadsPerMinute);
      for (const [i, shard] of plan.shards.entries()) await deps.shardQueue.send({ v: 1, cycleId, shard: shard.index, targets: shard.targets, readsPerMinute: shares[i]! });
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
    const summary = summarize({ cycleId, mode: plan.mode, targets: targets.length, outcome, meter: meter(), durationMs: elapsed(), shardsEnqueued: shards });
    reportCycle(deps, summary, outcome);
    return summary;
  } finally {
    await deps.leases.release(POLL_LEASE, holder, deps.clock.now().getTime());
  }
}
