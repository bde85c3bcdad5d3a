import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { POLL_READ_SHARE, ReadBudget, type ReadClass } from '../../core/polling/readBudget';
import type { ArmOperationId } from './armOperations';

const REMAINING_READS = 'x-ms-ratelimit-remaining-subscription-reads';
/** Pause after a 429 without a usable Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 5_000;
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface PacerOptions {
  /** Maximum ARM requests in flight (TW_ARM_CONCURRENCY). */
  readonly concurrency: number;
  /** Reads per subscription per rolling minute for this process (TW_ARM_READS_PER_MINUTE). Default 750. */
  readonly readsPerMinute?: number;
  /** Below this many remaining subscription reads (ARM's header), the minute's budget shrinks to what remains. Default 50. */
  readonly lowReadsThreshold?: number;
  /** Per-attempt timeout, so a dropped connection is a failure, not a hang. Default 30 s. */
  readonly requestTimeoutMs?: number;
}

interface RequestContext {
  readonly operation?: ArmOperationId;
  readonly readClass?: ReadClass;
  /** A poll shard's share of the budget, per subscription (lower-case id). */
  readonly shares?: ReadonlyMap<string, ReadBudget>;
}

interface Waiter {
  readonly readClass: ReadClass;
  readonly share: ReadBudget | undefined;
  readonly resolve: () => void;
}

interface ReadQueue {
  readonly budget: ReadBudget;
  readonly waiters: Waiter[];
  timer?: { readonly at: number; readonly handle: ReturnType<typeof setTimeout> };
}

/**
 * One place that sees every ARM HTTP attempt (retries included, policy position perRetry): counts requests per
 * operation id (set by `run`), holds every read (GET) to its subscription's read budget, remediation reads before
 * poll reads within remediation's share (class set by `asClass`; unset = poll), and a poll shard's reads to the shard's
 * share (`withReadShares`), then bounds concurrency: remediation never holds more than (1 - POLL_READ_SHARE) of the
 * slots, so poll requests always have some. ARM's remaining-reads header and 429s shrink the budget at once. Writes (POST) only
 * take a concurrency slot. 429 Retry-After itself is also honoured by the SDK's bounded throttling retry policy.
 */
export class ArmPacer {
  private readonly context = new AsyncLocalStorage<RequestContext>();
  private readonly counts: Record<string, number> = {};
  private readonly reads = new Map<string, ReadQueue>();
  private readonly waiting: Record<ReadClass, Array<() => void>> = { remediation: [], poll: [] };
  private readonly inFlight: Record<ReadClass, number> = { remediation: 0, poll: 0 };
  throttled = 0;

  constructor(private readonly options: PacerOptions) {}

  run<T>(operation: ArmOperationId, work: () => Promise<T>): Promise<T> {
    return this.context.run({ ...this.context.getStore(), operation }, work);
  }

  /** Runs `work` with its reads in this class (armLinkActions: remediation; everything else polls). */
  asClass<T>(readClass: ReadClass, work: () => Promise<T>): Promise<T> {
    return this.context.run({ ...this.context.getStore(), readClass }, work);
  }

  /** Runs `work` (a poll shard) with its poll reads also held to these reads per minute, per subscription id. */
  withReadShares<T>(readsPerMinute: Readonly<Record<string, number>>, work: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const shares = new Map(Object.entries(readsPerMinute).map(([sub, perMinute]) => [sub.toLowerCase(), this.newBudget(perMinute, now)] as const));
    return this.context.run({ ...this.context.getStore(), shares }, work);
  }

  /** Runs `work` (a process-wide read, such as a cache fill other shards share) under the process budget only. */
  outsideShares<T>(work: () => Promise<T>): Promise<T> {
    return this.context.run({ ...this.context.getStore(), shares: undefined }, work);
  }

  /**
   * Reads the poll class may still send for this subscription in the rolling minute (within a shard: its share), or,
   * with `horizonMs`, over that much time to come (ReadBudget.allowanceOver).
   */
  readAllowance(subscriptionId: string, horizonMs?: number): number {
    const key = subscriptionId.toLowerCase();
    const now = Date.now();
    const queue = this.queue(key);
    const share = this.context.getStore()?.shares?.get(key);
    const queued = queue.waiters.filter((w) => w.readClass === 'poll').length;
    const of = (budget: ReadBudget): number => (horizonMs === undefined ? budget.allowance('poll', now) : budget.allowanceOver('poll', now, horizonMs));
    return Math.max(0, Math.min(of(queue.budget), share ? of(share) : Infinity) - queued);
  }

  requestCounts(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }

  policy(subscriptionId: string): PipelinePolicy {
    const key = subscriptionId.toLowerCase();
    return {
      name: 'tunnelwatchArmPacer',
      sendRequest: async (request, next) => {
        const context = this.context.getStore();
        const operation = context?.operation ?? 'unregistered';
        const readClass = context?.readClass ?? 'poll';
        const isRead = request.method === 'GET' || request.method === 'HEAD';
        if (isRead) await this.readSlot(key, readClass, context?.shares?.get(key));
        await this.acquire(readClass);
        this.counts[operation] = (this.counts[operation] ?? 0) + 1;
        request.timeout = request.timeout || (this.options.requestTimeoutMs ?? 30_000);
        try {
          const response = await next(request);
          const remaining = response.headers.get(REMAINING_READS);
          if (response.status === 429) this.throttled++;
          if (isRead) {
            const budget = this.queue(key).budget;
            if (remaining !== undefined && remaining.trim() !== '' && Number.isFinite(Number(remaining))) budget.observeRemaining(Number(remaining), Date.now());
            if (response.status === 429) budget.pause(retryAfterMs(response.headers.get('retry-after'), Date.now()), Date.now());
          }
          return response;
        } finally {
          this.release(readClass);
        }
      },
    };
  }

  private newBudget(perMinute: number, now: number): ReadBudget {
    return new ReadBudget({ perMinute, ...(this.options.lowReadsThreshold !== undefined && { lowReads: this.options.lowReadsThreshold }) }, now);
  }

  private queue(key: string): ReadQueue {
    let queue = this.reads.get(key);
    if (!queue) {
      queue = { budget: this.newBudget(this.options.readsPerMinute ?? 750, Date.now()), waiters: [] };
      this.reads.set(key, queue);
    }
    return queue;
  }

  private readSlot(key: string, readClass: ReadClass, share: ReadBudget | undefined): Promise<void> {
    const queue = this.queue(key);
    return new Promise<void>((resolve) => {
      queue.waiters.push({ readClass, share, resolve });
      this.pump(queue);
    });
  }

  /**
   * Lets waiting reads go while the budget allows: remediation first (within its share), then poll reads, each class
   * in arrival order. A class stopped by the subscription's budget stops only its own later reads.
   */
  private pump(queue: ReadQueue): void {
    const now = Date.now();
    let wake = Infinity;
    for (const readClass of ['remediation', 'poll'] as const) {
      for (const waiter of queue.waiters.filter((w) => w.readClass === readClass)) {
        const own = queue.budget.waitMs(readClass, now);
        if (own > 0) {
          wake = Math.min(wake, own);
          break;
        }
        const share = waiter.share?.waitMs('poll', now) ?? 0;
        if (share > 0) {
          wake = Math.min(wake, share);
          continue;
        }
        queue.budget.take(readClass, now);
        waiter.share?.take('poll', now);
        queue.waiters.splice(queue.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (wake === Infinity || (queue.timer && queue.timer.at <= now + wake)) return;
    if (queue.timer) clearTimeout(queue.timer.handle);
    queue.timer = {
      at: now + wake,
      handle: setTimeout(() => {
        queue.timer = undefined;
        this.pump(queue);
      }, wake),
    };
  }

  private async acquire(readClass: ReadClass): Promise<void> {
    while (!this.slotFree(readClass)) await new Promise<void>((resolve) => this.waiting[readClass].push(resolve));
    this.inFlight[readClass]++;
  }

  /** Gives the freed slot to a waiting remediation request if remediation is under its slots, else to a poll request. */
  private release(readClass: ReadClass): void {
    this.inFlight[readClass]--;
    const next = this.slotFree('remediation') ? (this.waiting.remediation.shift() ?? this.waiting.poll.shift()) : this.waiting.poll.shift();
    next?.();
  }

  private slotFree(readClass: ReadClass): boolean {
    const slots = Math.max(1, this.options.concurrency);
    const remediationSlots = Math.max(1, Math.floor(slots * (1 - POLL_READ_SHARE)));
    const total = this.inFlight.remediation + this.inFlight.poll;
    return total < slots && (readClass === 'poll' || this.inFlight.remediation < remediationSlots);
  }
}

/** Retry-After in seconds or as an HTTP date; a default pause when absent or unreadable, bounded either way. */
function retryAfterMs(header: string | undefined, now: number): number {
  const value = header?.trim() ?? '';
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : value ? Date.parse(value) - now : NaN;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : DEFAULT_RETRY_AFTER_MS;
}
