/** ARM's regional throttling model (THROTTLING.md): a bucket of `burst` tokens refilled at a steady rate. */
export interface BucketSettings {
  readonly burst: number;
  readonly refillPerSecond: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  /** Whole tokens left after this request, for the `x-ms-ratelimit-remaining-*` header. */
  readonly remaining: number;
  /** When refused: seconds until one token is back (at least 1, as Retry-After is in whole seconds). */
  readonly retryAfterSeconds: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly settings: BucketSettings,
    now: number,
  ) {
    this.tokens = settings.burst;
    this.updatedAt = now;
  }

  take(now: number): TakeResult {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, remaining: Math.floor(this.tokens), retryAfterSeconds: 0 };
    }
    const missing = 1 - this.tokens;
    const wait = this.settings.refillPerSecond > 0 ? Math.ceil(missing / this.settings.refillPerSecond) : 60;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, wait) };
  }

  /** Tokens left, without taking one (for responses refused before the throttle, e.g. 401). */
  peek(now: number): number {
    this.refill(now);
    return Math.floor(this.tokens);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.settings.burst, this.tokens + elapsed * this.settings.refillPerSecond);
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}
