/** Who sends a read: remediation reads go first within their share; poll reads keep a minimum share whatever waits. */
export type ReadClass = 'remediation' | 'poll';

/** Share of a subscription's reads kept for remediation: polling alone never uses more than the rest. */
export const REMEDIATION_READ_SHARE = 0.1;
/**
 * Share of a subscription's reads kept for polling: remediation reads, however many wait, never take more than the
 * rest of the rolling minute nor of the bucket's refill, so a flood of remediation requests cannot stop monitoring.
 */
export const POLL_READ_SHARE = 0.4;

export interface ReadBudgetOptions {
  /** Reads allowed in any rolling minute (TW_ARM_READS_PER_MINUTE, or a poll shard's share of it). */
  readonly perMinute: number;
  /** Share of the budget only remediation reads may use. Default REMEDIATION_READ_SHARE (0.1). */
  readonly reserveShare?: number;
  /** Share of the budget only poll reads may use. Default POLL_READ_SHARE (0.4). */
  readonly pollShare?: number;
  /** Largest burst, in seconds of budget. Default 10 s, as ARM's own bucket (250 = 10 s of 25/s). */
  readonly burstSeconds?: number;
  /** When ARM says fewer reads than this remain, the minute's budget shrinks to what remains. Default 50. */
  readonly lowReads?: number;
}

const MINUTE_MS = 60_000;
/** How long a low remaining-reads header holds the budget down: ARM's bucket refills in full in 10 s (250 at 25/s). */
const SHRINK_MS = 10_000;
const CLASSES: readonly ReadClass[] = ['remediation', 'poll'];
const other = (cls: ReadClass): ReadClass => (cls === 'remediation' ? 'poll' : 'remediation');

/**
 * A per-subscription read budget, pure (time is passed in): at most `perMinute` reads in any rolling minute, sent
 * no faster than a token bucket refilled at perMinute/60 per second, so a budget below ARM's (250 burst, 25/s)
 * never empties ARM's bucket on its own. ARM's remaining-reads header and 429s shrink it at once.
 *
 * Each class keeps a guaranteed share of the minute (remediation 10%, polling 40% by default): a class may use the
 * budget less what the other class is guaranteed and has not used yet. Remediation reads also draw from a second
 * bucket refilled at (1 - poll share) of the rate, so, however many wait, they never take more than their share of the
 * refill either and poll reads keep flowing at their share or more.
 */
export class ReadBudget {
  private readonly perMinute: number;
  private readonly shares: Record<ReadClass, number>;
  private readonly burst: number;
  private readonly remediationBurst: number;
  private readonly lowReads: number;
  private tokens: number;
  private remediationTokens: number;
  private refilledAt: number;
  private readonly sent: Record<ReadClass, number[]> = { remediation: [], poll: [] };
  /** Reads ARM says someone else spent: counted in the rolling minute for SHRINK_MS, or until ARM has reads to spare. */
  private readonly claimedElsewhere: number[] = [];
  private pausedUntil = 0;
  /** The most reads ARM's header has said it had left: its bucket's size, which caps what the reserve can be. */
  private armBucket: number | undefined;

  constructor(options: ReadBudgetOptions, nowMs: number) {
    this.perMinute = Math.max(0, options.perMinute);
    const remediation = clamp01(options.reserveShare ?? REMEDIATION_READ_SHARE);
    this.shares = { remediation, poll: Math.min(1 - remediation, clamp01(options.pollShare ?? POLL_READ_SHARE)) };
    this.burst = Math.max(1, (this.perMinute * (options.burstSeconds ?? 10)) / 60);
    this.remediationBurst = Math.max(1, this.burst * (1 - this.shares.poll));
    this.lowReads = options.lowReads ?? 50;
    this.tokens = this.burst;
    this.remediationTokens = this.remediationBurst;
    this.refilledAt = nowMs;
  }

  /** Milliseconds until a read of this class may go (0: now). */
  waitMs(cls: ReadClass, nowMs: number): number {
    this.advance(nowMs);
    if (nowMs < this.pausedUntil) return this.pausedUntil - nowMs;
    const needed = 1 + this.reservedTokens(cls);
    const tokenWait = this.tokens >= needed ? 0 : Math.ceil((needed - this.tokens) / this.ratePerMs());
    const capWait =
      cls === 'poll' || this.remediationTokens >= 1 ? 0 : Math.ceil((1 - this.remediationTokens) / (this.ratePerMs() * Math.max(1e-9, 1 - this.shares.poll)));
    return Math.max(tokenWait, capWait, this.windowWaitMs(cls, nowMs), 0);
  }

  /** Records one read of this class sent now (call after waitMs returned 0). */
  take(cls: ReadClass, nowMs: number): void {
    this.advance(nowMs);
    this.tokens = Math.max(0, this.tokens - 1);
    if (cls === 'remediation') this.remediationTokens = Math.max(0, this.remediationTokens - 1);
    this.sent[cls].push(nowMs);
  }

  /** Reads this class may still send in the rolling minute from now without exceeding the budget. */
  allowance(cls: ReadClass, nowMs: number): number {
    return this.allowanceAt(cls, nowMs, 0, MINUTE_MS);
  }

  /**
   * Reads this class may send over the next `horizonMs` (at most a minute), for a cycle that spreads its reads over
   * it: reads sent more than a minute before the horizon's end no longer count then, and the bucket refills
   * meanwhile. `allowance` is what may go out now; planning a minute of reads with it would count every read of the
   * previous cycle still in the window, though they leave it while this cycle runs. Poll reads count on the bucket's
   * refill less what remediation has been sending (at most its share), as it goes on sending meanwhile.
   */
  allowanceOver(cls: ReadClass, nowMs: number, horizonMs: number): number {
    const horizon = Math.min(MINUTE_MS, Math.max(0, horizonMs));
    return this.allowanceAt(cls, nowMs, horizon, horizon);
  }

  /** What this class may send: the reads the window holds at `horizon` from now, and what the buckets give in `refillMs`. */
  private allowanceAt(cls: ReadClass, nowMs: number, horizon: number, refillMs: number): number {
    this.advance(nowMs);
    const from = nowMs + horizon - MINUTE_MS;
    const inWindow = (log: readonly number[]): number => log.filter((at) => at > from).length;
    const windowLeft = this.capOf(cls, inWindow(this.sent.remediation), inWindow(this.sent.poll), inWindow(this.claimedElsewhere)) + 1;
    const refill = Math.max(0, refillMs - Math.max(0, this.pausedUntil - nowMs));
    const rate = this.ratePerMs();
    const sendable =
      cls === 'poll'
        ? this.tokens - this.reservedTokens(cls) + rate * refill - Math.min((1 - this.shares.poll) * rate * refill, (this.sent.remediation.length * refill) / MINUTE_MS)
        : Math.min(this.tokens + rate * refill, this.remediationTokens + (1 - this.shares.poll) * rate * refill);
    return Math.max(0, Math.floor(Math.min(windowLeft, sendable)));
  }

  /**
   * ARM's `x-ms-ratelimit-remaining-subscription-reads`: never send more at once than ARM has left, and when it is
   * low (someone else is spending the subscription's reads), the budget is what remains until ARM can have refilled.
   */
  observeRemaining(remaining: number, nowMs: number): void {
    this.advance(nowMs);
    this.armBucket = Math.max(this.armBucket ?? 0, remaining);
    this.tokens = Math.min(this.tokens, Math.max(0, remaining));
    if (remaining >= this.lowReads) {
      this.claimedElsewhere.length = 0;
      return;
    }
    const left = this.perMinute - this.sent.remediation.length - this.sent.poll.length - this.claimedElsewhere.length;
    // Logged as if sent earlier, so they leave the rolling minute once ARM's bucket can have refilled.
    for (let i = 0; i < left - Math.max(0, remaining); i++) this.claimedElsewhere.push(nowMs - MINUTE_MS + SHRINK_MS);
  }

  /** A 429: nothing goes before Retry-After, and the burst starts again from empty. */
  pause(retryAfterMs: number, nowMs: number): void {
    this.advance(nowMs);
    this.pausedUntil = Math.max(this.pausedUntil, nowMs + Math.max(0, retryAfterMs));
    this.tokens = 0;
  }

  /**
   * How many more reads of `cls` the rolling minute holds minus one (negative: none), given the reads in it: the
   * budget ARM leaves us, less what the other class is guaranteed (its share of that) and has not used.
   */
  private capOf(cls: ReadClass, remediation: number, poll: number, claimed: number): number {
    const available = Math.max(0, this.perMinute - claimed);
    const used: Record<ReadClass, number> = { remediation, poll };
    const held = Math.max(0, this.shares[other(cls)] * available - used[other(cls)]);
    return available - held - remediation - poll - 1;
  }

  /** Time until the rolling minute has room for one more read of this class, as the oldest reads leave it. */
  private windowWaitMs(cls: ReadClass, nowMs: number): number {
    const counts = { remediation: this.sent.remediation.length, poll: this.sent.poll.length, claimed: this.claimedElsewhere.length };
    if (this.capOf(cls, counts.remediation, counts.poll, counts.claimed) >= 0) return 0;
    const leaving = [
      ...CLASSES.flatMap((c) => this.sent[c].map((at) => ({ at, from: c }))),
      ...this.claimedElsewhere.map((at) => ({ at, from: 'claimed' as const })),
    ].sort((a, b) => a.at - b.at);
    for (const read of leaving) {
      counts[read.from]--;
      if (this.capOf(cls, counts.remediation, counts.poll, counts.claimed) >= 0) return read.at + MINUTE_MS - nowMs;
    }
    return MINUTE_MS;
  }

  /**
   * Tokens poll reads leave for remediation: its share of the burst, or of ARM's own bucket when that is smaller (a
   * budget set above what ARM serves would otherwise reserve more than ARM ever leaves, and every poll read would
   * wait for a refill that the next response takes back).
   */
  private reservedTokens(cls: ReadClass): number {
    return cls === 'remediation' ? 0 : Math.min(this.burst, this.armBucket ?? this.burst) * this.shares.remediation;
  }

  private ratePerMs(): number {
    return Math.max(this.perMinute, 1e-9) / MINUTE_MS;
  }

  private advance(nowMs: number): void {
    if (nowMs > this.refilledAt) {
      const refill = (nowMs - this.refilledAt) * this.ratePerMs();
      this.tokens = Math.min(this.burst, this.tokens + refill);
      this.remediationTokens = Math.min(this.remediationBurst, this.remediationTokens + refill * (1 - this.shares.poll));
      this.refilledAt = nowMs;
    }
    for (const log of [this.sent.remediation, this.sent.poll, this.claimedElsewhere]) {
      let expired = 0;
      while (expired < log.length && log[expired]! <= nowMs - MINUTE_MS) expired++;
      if (expired > 0) log.splice(0, expired);
    }
  }
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
