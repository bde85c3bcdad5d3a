import { TunnelwatchError } from '../../core/errors';
import type { PollTarget } from '../../core/polling/pollTarget';
import type { MonitoringDeps } from './monitoringDeps';
import type { PollShardMessage } from './monitoringPorts';
import { startMeter, summarize, type PollCycleSummary } from './pollCycleSummary';
import { emptyPollOutcome } from './pollOutcome';
import { pollTargets } from './pollTargets';
import { reportCycle } from './reportCycle';

/** Validates a decoded poll-shard message; REQUEST.INVALID poisons it instead of retrying forever. */
export function parsePollShardMessage(body: unknown): PollShardMessage {
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const targets = Array.isArray(o.targets) ? o.targets.filter(isTarget) : [];
  const budget = o.readsPerMinute;
  if (o.v !== 1 || typeof o.cycleId !== 'string' || !/^\d{1,13}$/.test(o.cycleId) || typeof o.shard !== 'number' || !Array.isArray(o.targets) || targets.length !== o.targets.length || (budget !== undefined && !isReadShares(budget))) {
    throw new TunnelwatchError('REQUEST.INVALID', 'poll shard message must be { v: 1, cycleId, shard, targets: [{ kind, id, subscriptionId, resourceGroup }], readsPerMinute?: { [subscriptionId]: number >= 0 } }');
  }
  return { v: 1, cycleId: o.cycleId, shard: o.shard, targets, ...(budget !== undefined && { readsPerMinute: budget }) };
}

function isReadShares(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
}

function isTarget(t: unknown): t is PollTarget {
  const o = t as Record<string, unknown>;
  return typeof t === 'object' && t !== null && (o.kind === 'vpnGateway' || o.kind === 'classicGroup' || o.kind === 'huaweiProject') && typeof o.id === 'string' && typeof o.subscriptionId === 'string' && typeof o.resourceGroup === 'string';
}

/**
 * The queue-triggered use case of scale-out mode. The shard's run row is its idempotency claim: a re-delivered
 * message whose shard is done (or running elsewhere, not stale) is skipped; a crashed one is taken over after the lease.
 */
export async function pollShard(deps: MonitoringDeps, message: PollShardMessage, input: { readonly now?: Date } = {}): Promise<PollCycleSummary> {
  const nowMs = (input.now ?? deps.clock.now()).getTime();
  // One clock per use case: `now`, the lease times and the cycle's duration all come from deps.clock.
  const started = deps.clock.now().getTime();
  const elapsed = (): number => deps.clock.now().getTime() - started;
  await deps.ensureStorage?.();
  const meter = startMeter(deps);
  const run = { cycleId: message.cycleId, shard: String(message.shard), startedAt: new Date(nowMs).toISOString(), status: 'running' as const, links: 0, failures: [] };
  if (!(await deps.pollRuns.claim(run, deps.settings.leaseMs, nowMs))) {
    const skippedReason = `shard ${message.shard} of cycle ${message.cycleId} is done or in progress`;
    return summarize({ cycleId: message.cycleId, mode: 'skipped', targets: 0, outcome: emptyPollOutcome(), meter: meter(), durationMs: elapsed(), shardsEnqueued: 0, skippedReason });
  }
  // The shard's reads stay within its share of the budget (the message's readsPerMinute), wherever it runs.
  const poll = (): ReturnType<typeof pollTargets> => pollTargets(deps, message.targets, nowMs, false, `shard-${message.shard}`);
  const outcome = message.readsPerMinute && deps.fleet.withReadShares ? await deps.fleet.withReadShares(message.readsPerMinute, poll) : await poll();
  await deps.pollRuns.save({ ...run, finishedAt: deps.clock.now().toISOString(), status: 'done', links: outcome.links, failures: outcome.failures });
  const summary = summarize({ cycleId: message.cycleId, mode: 'shard', targets: message.targets.length, outcome, meter: meter(), durationMs: elapsed(), shardsEnqueued: 0 });
  reportCycle(deps, summary, outcome);
  return summary;
}
