import type { TakeResult } from '../TokenBucket';
import { TokenBucket, type BucketSettings } from '../TokenBucket';
import { WindowLimit, type WindowSettings } from '../WindowLimit';

export interface QuotaResult extends TakeResult {
  /** Which limit refused the request (undefined when allowed). */
  readonly refusedBy?: 'bucket' | 'window';
}

/**
 * One subscription's allowance for one kind of request: ARM's token bucket and the resource provider's 5-minute
 * window both apply. A request refused by either consumes neither; the remaining count is the smaller of the two.
 */
export class SubscriptionQuota {
  private readonly bucket: TokenBucket;
  private readonly window: WindowLimit;

  constructor(bucket: BucketSettings, window: WindowSettings, now: number) {
    this.bucket = new TokenBucket(bucket, now);
    this.window = new WindowLimit(window);
  }

  take(now: number): QuotaResult {
    if (this.window.remaining(now) === 0) return { ...this.window.take(now), refusedBy: 'window' };
    const fromBucket = this.bucket.take(now);
    if (!fromBucket.allowed) return { ...fromBucket, refusedBy: 'bucket' };
    const fromWindow = this.window.take(now);
    return { ...fromBucket, remaining: Math.min(fromBucket.remaining, fromWindow.remaining) };
  }

  /** What is left, without taking anything (for answers refused before the throttle, e.g. 401). */
  peek(now: number): number {
    return Math.min(this.bucket.peek(now), this.window.remaining(now));
  }
}
