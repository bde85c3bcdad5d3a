import type { TakeResult } from './TokenBucket';

/** A resource provider's per-subscription limit (THROTTLING.md: Microsoft.Network reads 10,000 per 5 minutes). */
export interface WindowSettings {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * A sliding window: at most `limit` accepted requests in any `windowMs`. Harder than a fixed window (no double
 * burst at a window edge). Keeps the accepted times in a ring of `limit` entries.
 */
export class WindowLimit {
  private readonly times: Float64Array;
  private start = 0;
  private count = 0;

  constructor(private readonly settings: WindowSettings) {
    this.times = new Float64Array(Math.max(1, settings.limit));
  }

  /** Requests still allowed now, without taking one. */
  remaining(now: number): number {
    this.expire(now);
    return Math.max(0, this.settings.limit - this.count);
  }

  take(now: number): TakeResult {
    if (this.remaining(now) === 0) {
      const oldest = this.count > 0 ? this.times[this.start]! : now;
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.settings.windowMs - now) / 1000)) };
    }
    this.times[(this.start + this.count) % this.times.length] = now;
    this.count += 1;
    return { allowed: true, remaining: this.settings.limit - this.count, retryAfterSeconds: 0 };
  }

  private expire(now: number): void {
    while (this.count > 0 && this.times[this.start]! <= now - this.settings.windowMs) {
      this.start = (this.start + 1) % this.times.length;
      this.count -= 1;
    }
  }
}
