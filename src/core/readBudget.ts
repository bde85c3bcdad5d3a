/** Who sends a read: remediation reads go first and may use a reserved share; poll reads wait when the budget is low. */
export type ReadClass = 'remediation' | 'poll';

export interface ReadBudgetOptions {
  /** Reads allowed in any rolling minute (TW_ARM_READS_PER_MINUTE, or a poll shard's share of it). */
  readonly perMinute: number;
  /** Share of the budget only remediation reads may use. Default 0.1. */
  readonly reserveShare?: number;
  /** Largest burst, in seconds of budget. Default 10 s, as ARM's own bucket (250 = 10 s of 25/s). */
  readonly burstSeconds?: number;
  /** When ARM says fewer reads than this remain, the minute's budget shrinks to what remains. Default 50. */
  readonly lowReads?: number;
}

const MINUTE_MS = 60_000;
/** How long a low remaining-reads header holds the budget down: ARM's bucket refills in full in 10 s (250 at 25/s). */
const SHRINK_MS = 10_000;

/**
 * A per-subscription read budget, pure (time is passed in): at most `perMinute` reads in any rolling minute, sent
 * no faster than a token bucket refilled at perMinute/60 per second, so a budget below ARM's (250 burst, 25/s)
 * never empties ARM's bucket on its own. ARM's remaining-reads header and 429s shrink it at once.
 */
export class ReadBudget {
  private readonly perMinute: number;
  private readonly reserve: number;
  private readonly burst: number;
  private readonly lowReads: number;
  private tokens: number;
  private refilledAt: number;
  private readonly sent: number[] = [];
  /** Reads ARM says someone else spent: counted in the rolling minute for SHRINK_MS, or until ARM has reads to spare. */
  private readonly claimedElsewhere: number[] = [];
  private pausedUntil = 0;

  constructor(options: ReadBudgetOptions, nowMs: number) {
    this.perMinute = Math.max(0, options.perMinute);
    this.reserve = Math.min(1, Math.max(0, options.reserveShare ?? 0.1));
    this.burst = Math.max(1, (this.perMinute * (options.burstSeconds ?? 10)) / 60);
    this.lowReads = options.lowReads ?? 50;
    this.tokens = this.burst;
    this.refilledAt = nowMs;
  }

  /** Milliseconds until a read of this class may go (0: now). */
  waitMs(cls: ReadClass, nowMs: number): number {
    this.advance(nowMs);
    if (nowMs < this.pausedUntil) return this.pausedUntil - nowMs;
    const needed = 1 + this.reservedTokens(cls);
    const tokenWait = this.tokens >= needed ? 0 : Math.ceil((needed - this.tokens) / this.ratePerMs());
    const window = [...this.sent, ...this.claimedElsewhere].sort((a, b) => a - b);
    const over = window.length + 1 - Math.max(1, this.cap(cls));
    const windowWait = over <= 0 ? 0 : window[Math.ceil(over) - 1]! + MINUTE_MS - nowMs;
    return Math.max(tokenWait, windowWait, 0);
  }

  /** Records one read sent now (call after waitMs returned 0). */
  take(nowMs: number): void {
    this.advance(nowMs);
    this.tokens = Math.max(0, this.tokens - 1);
    this.sent.push(nowMs);
  }

  /** Reads this class may still send in the rolling minute from now without exceeding the budget. */
  allowance(cls: ReadClass, nowMs: number): number {
    this.advance(nowMs);
    const windowLeft = this.cap(cls) - this.sent.length - this.claimedElsewhere.length;
    const sendable = this.tokens - this.reservedTokens(cls) + this.ratePerMs() * Math.max(0, MINUTE_MS - Math.max(0, this.pausedUntil - nowMs));
    return Math.max(0, Math.floor(Math.min(windowLeft, sendable)));
  }

  /**
   * Reads this class may send over the next `horizonMs` (at most a minute), for a cycle that spreads its reads over
   * it: reads sent more than a minute before the horizon's end no longer count then, and the bucket refills
   * meanwhile. `allowance` is what may go out now; planning a minute of reads with it would count every read of the
   * previous cycle still in the window, though they leave it while this cycle runs.
   */
  allowanceOver(cls: ReadClass, nowMs: number, horizonMs: number): number {
    this.advance(nowMs);
    const horizon = Math.min(MINUTE_MS, Math.max(0, horizonMs));
    const counted = [...this.sent, ...this.claimedElsewhere].filter((at) => at > nowMs + horizon - MINUTE_MS).length;
    const sendable = this.tokens - this.reservedTokens(cls) + this.ratePerMs() * Math.max(0, horizon - Math.max(0, this.pausedUntil - nowMs));
    return Math.max(0, Math.floor(Math.min(this.cap(cls) - counted, sendable)));
  }

  /**
   * ARM's `x-ms-ratelimit-remaining-subscription-reads`: never send more at once than ARM has left, and when it is
   * low (someone else is spending the subscription's reads), the budget is what remains until ARM can have refilled.
   */
  observeRemaining(remaining: number, nowMs: number): void {
    this.advance(nowMs);
    this.tokens = Math.min(this.tokens, Math.max(0, remaining));
    if (remaining >= this.lowReads) {
      this.claimedElsewhere.length = 0;
      return;
    }
    const left = this.perMinute - this.sent.length - this.claimedElsewhere.length;
    // Logged as if sent earlier, so they leave the rolling minute once ARM's bucket can have refilled.
    for (let i = 0; i < left - Math.max(0, remaining); i++) this.claimedElsewhere.push(nowMs - MINUTE_MS + SHRINK_MS);
  }

  /** A 429: nothing goes before Retry-After, and the burst starts again from empty. */
  pause(retryAfterMs: number, nowMs: number): void {
    this.advance(nowMs);
    this.pausedUntil = Math.max(this.pausedUntil, nowMs + Math.max(0, retryAfterMs));
    this.tokens = 0;
  }

  private cap(cls: ReadClass): number {
    return cls === 'remediation' ? this.perMinute : this.perMinute * (1 - this.reserve);
  }

  private reservedTokens(cls: ReadClass): number {
    return cls === 'remediation' ? 0 : this.burst * this.reserve;
  }

  private ratePerMs(): number {
    return Math.max(this.perMinute, 1e-9) / MINUTE_MS;
  }

  private advance(nowMs: number): void {
    if (nowMs > this.refilledAt) {
      this.tokens = Math.min(this.burst, this.tokens + (nowMs - this.refilledAt) * this.ratePerMs());
      this.refilledAt = nowMs;
    }
    for (const log of [this.sent, this.claimedElsewhere]) {
      let expired = 0;
      while (expired < log.length && log[expired]! <= nowMs - MINUTE_MS) expired++;
      if (expired > 0) log.splice(0, expired);
    }
  }
}
