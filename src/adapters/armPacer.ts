import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { ArmOperationId } from './armOperations';

const REMAINING_READS = 'x-ms-ratelimit-remaining-subscription-reads';

export interface PacerOptions {
  /** Maximum ARM requests in flight (TW_ARM_CONCURRENCY). */
  readonly concurrency: number;
  /** Below this many remaining subscription reads, go one at a time at ARM's refill rate. Default 50. */
  readonly lowReadsThreshold?: number;
  /** Spacing between requests while reads are low: ARM refills 25 reads/s (THROTTLING.md), so 40 ms. */
  readonly lowReadsSpacingMs?: number;
  /** Per-attempt timeout, so a dropped connection is a failure, not a hang. Default 30 s. */
  readonly requestTimeoutMs?: number;
}

/**
 * One place that sees every ARM HTTP attempt (retries included, policy position perRetry): bounds concurrency,
 * counts requests per operation id (set by `run`), and slows down when ARM's remaining-reads header runs low.
 * 429 Retry-After itself is honoured by the SDK's throttling retry policy, whose retries are bounded.
 */
export class ArmPacer {
  private readonly operation = new AsyncLocalStorage<ArmOperationId>();
  private readonly counts: Record<string, number> = {};
  private readonly remaining = new Map<string, number>();
  private readonly waiting: Array<() => void> = [];
  private inFlight = 0;
  private nextSlotAt = 0;
  throttled = 0;

  constructor(private readonly options: PacerOptions) {}

  run<T>(operation: ArmOperationId, work: () => Promise<T>): Promise<T> {
    return this.operation.run(operation, work);
  }

  requestCounts(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }

  policy(subscriptionId: string): PipelinePolicy {
    return {
      name: 'tunnelwatchArmPacer',
      sendRequest: async (request, next) => {
        const operation = this.operation.getStore() ?? 'unregistered';
        await this.acquire(subscriptionId);
        this.counts[operation] = (this.counts[operation] ?? 0) + 1;
        request.timeout = request.timeout || (this.options.requestTimeoutMs ?? 30_000);
        try {
          const response = await next(request);
          const left = Number(response.headers.get(REMAINING_READS));
          if (response.headers.get(REMAINING_READS) !== undefined && Number.isFinite(left)) this.remaining.set(subscriptionId, left);
          if (response.status === 429) this.throttled++;
          return response;
        } finally {
          this.release();
        }
      },
    };
  }

  private lowOnReads(subscriptionId: string): boolean {
    return (this.remaining.get(subscriptionId) ?? Infinity) < (this.options.lowReadsThreshold ?? 50);
  }

  private async acquire(subscriptionId: string): Promise<void> {
    const low = this.lowOnReads(subscriptionId);
    const limit = low ? 1 : Math.max(1, this.options.concurrency);
    while (this.inFlight >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    if (low) {
      const wait = this.nextSlotAt - Date.now();
      this.nextSlotAt = Math.max(Date.now(), this.nextSlotAt) + (this.options.lowReadsSpacingMs ?? 40);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }
}
