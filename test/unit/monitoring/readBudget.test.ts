import { describe, expect, it } from 'vitest';
import { ReadBudget, type ReadClass } from '../../../src/core/polling/readBudget';

/** Sends reads of one class as fast as the budget lets them go, for `durationMs`; returns their send times. */
function greedy(budget: ReadBudget, readClass: ReadClass, fromMs: number, durationMs: number): number[] {
  const sent: number[] = [];
  for (let t = fromMs; t < fromMs + durationMs; ) {
    const wait = budget.waitMs(readClass, t);
    if (wait > 0) {
      t += wait;
      continue;
    }
    budget.take(readClass, t);
    sent.push(t);
  }
  return sent;
}

/** Both classes flood from `fromMs`: at each moment remediation reads go first, then poll reads; their send times. */
function contend(budget: ReadBudget, fromMs: number, durationMs: number): Record<ReadClass, number[]> {
  const sent: Record<ReadClass, number[]> = { remediation: [], poll: [] };
  for (let t = fromMs; t < fromMs + durationMs; ) {
    const cls = (['remediation', 'poll'] as const).find((c) => budget.waitMs(c, t) === 0);
    if (!cls) {
      t += Math.min(budget.waitMs('remediation', t), budget.waitMs('poll', t));
      continue;
    }
    budget.take(cls, t);
    sent[cls].push(t);
  }
  return sent;
}

const inMinute = (times: readonly number[], start: number): number => times.filter((t) => t >= start && t < start + 60_000).length;
const maxInAnyMinute = (times: readonly number[]): number => Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 60_000).length));

describe('ReadBudget', () => {
  it('never lets more than the budget go in any rolling minute, and spreads them instead of one burst', () => {
    const budget = new ReadBudget({ perMinute: 120, reserveShare: 0, pollShare: 0 }, 0);
    const sent = greedy(budget, 'remediation', 0, 5 * 60_000);
    expect(maxInAnyMinute(sent)).toBeLessThanOrEqual(120);
    expect(sent.length).toBeGreaterThan(4 * 110);
    // Burst of 10 s worth (20 reads), then 2 per second.
    expect(sent.filter((t) => t === 0)).toHaveLength(20);
    expect(sent.filter((t) => t < 10_000).length).toBeLessThanOrEqual(20 + 20);
  });

  it('keeps 40% of the budget for polling: remediation reads alone, however many, use at most 60% of a minute and of the bucket', () => {
    const budget = new ReadBudget({ perMinute: 600 }, 0);
    const remediation = greedy(budget, 'remediation', 0, 3 * 60_000);
    expect(maxInAnyMinute(remediation)).toBeLessThanOrEqual(360);
    expect(maxInAnyMinute(remediation)).toBeGreaterThanOrEqual(350);
    // Of the 100-read burst, remediation may take 60 at once.
    expect(remediation.filter((t) => t === 0)).toHaveLength(60);
    // With remediation's share spent, a poll read still goes at once.
    const t = remediation.at(-1)!;
    expect(budget.waitMs('remediation', t)).toBeGreaterThan(0);
    expect(budget.waitMs('poll', t)).toBe(0);
  });

  it('when a flood of remediation reads and poll reads wait together, remediation goes first within its share and polling keeps at least 40% of every minute', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    const sent = contend(budget, 0, 5 * 60_000);
    expect(sent.remediation.filter((t) => t === 0)).toHaveLength(75);
    for (let start = 0; start <= 4 * 60_000; start += 5_000) {
      expect(inMinute(sent.poll, start)).toBeGreaterThanOrEqual(0.4 * 750 - 5);
      expect(inMinute(sent.remediation, start)).toBeLessThanOrEqual(0.6 * 750);
      expect(inMinute(sent.poll, start) + inMinute(sent.remediation, start)).toBeLessThanOrEqual(750);
    }
    // Poll reads flow all along: some go in every 10 s.
    for (let start = 0; start < 5 * 60_000; start += 10_000) expect(sent.poll.some((t) => t >= start && t < start + 10_000)).toBe(true);
  });

  it('keeps 10% of the budget for remediation: polling alone uses at most 90% of a minute', () => {
    const budget = new ReadBudget({ perMinute: 600 }, 0);
    const polls = greedy(budget, 'poll', 0, 3 * 60_000);
    expect(maxInAnyMinute(polls)).toBeLessThanOrEqual(540);
    expect(maxInAnyMinute(polls)).toBeGreaterThanOrEqual(530);
    // With the poll share spent, a remediation read still goes at once; another poll read must wait.
    const t = polls.at(-1)!;
    expect(budget.waitMs('poll', t)).toBeGreaterThan(0);
    expect(budget.waitMs('remediation', t)).toBe(0);
  });

  it('readAllowance: what the poll class may still send this minute, less what it sent', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    expect(budget.allowance('poll', 0)).toBe(675);
    // Remediation may use all but polling's 40%.
    expect(budget.allowance('remediation', 0)).toBe(450);
    for (let i = 0; i < 40; i++) budget.take('poll', 0);
    expect(budget.allowance('poll', 0)).toBe(635);
    // A minute later the reads have left the window.
    expect(budget.allowance('poll', 60_001)).toBe(675);
  });

  it('allowanceOver: a cycle planning its minute counts only the reads still in the window by then, and what the bucket refills', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    // The previous cycle: 600 poll reads, one every 100 ms.
    for (let i = 0; i < 600; i++) budget.take('poll', i * 100);
    const now = 60_000;
    // At once, only what has left the window may go (the read at 0); over the coming minute, the whole poll share.
    expect(budget.allowance('poll', now)).toBe(675 - 599);
    expect(budget.allowanceOver('poll', now, 60_000)).toBe(675);
    // Over the next 20 s, the reads sent after 20 s still count then (399 of them).
    expect(budget.allowanceOver('poll', now, 20_000)).toBe(675 - 399);
  });

  it('ARM saying few reads remain shrinks the budget at once, and each class keeps its share of what is left', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.observeRemaining(3, 0);
    expect(budget.allowance('poll', 0)).toBe(2);
    expect(budget.allowance('remediation', 0)).toBe(1);
    const sent = greedy(budget, 'remediation', 0, 1);
    expect(sent).toHaveLength(1);
    // Once ARM has reads to spare again, the full budget is back (the burst refills at the budget's rate).
    budget.observeRemaining(240, 10_000);
    // The remediation read sent meanwhile came out of remediation's own 10%.
    expect(budget.allowance('poll', 10_000)).toBe(675);
  });

  it('a low header holds the budget down only until ARM can have refilled (10 s)', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.observeRemaining(3, 0);
    expect(budget.allowance('poll', 9_000)).toBe(2);
    expect(budget.allowance('poll', 10_001)).toBe(675);
  });

  it('a header with reads to spare only caps what goes at once, not the minute', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.observeRemaining(55, 0);
    expect(greedy(budget, 'remediation', 0, 1)).toHaveLength(55);
    expect(budget.allowance('remediation', 0)).toBe(450 - 55);
  });

  it('a 429 pauses every read until Retry-After, and the paused time is lost to the allowance', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.pause(30_000, 1_000);
    // Only the 30 s of the minute after the pause can be spent, at remediation's share of the rate (60% of 12.5/s).
    expect(budget.allowance('remediation', 1_000)).toBe(300);
    expect(budget.allowance('poll', 1_000)).toBe(375 - 13);
    expect(budget.waitMs('remediation', 1_000)).toBe(30_000);
    expect(budget.waitMs('poll', 20_000)).toBe(11_000);
    expect(greedy(budget, 'remediation', 20_000, 11_000)).toEqual([]);
    expect(greedy(budget, 'remediation', 31_000, 1).length).toBeGreaterThan(0);
  });

  it('a budget set far above what ARM serves: poll reads keep flowing at what ARM leaves, the remediation reserve scaled to ARM\'s bucket', () => {
    // TW_ARM_READS_PER_MINUTE 100,000: a burst of 16,667 reads, while ARM's own bucket holds at most 250.
    const budget = new ReadBudget({ perMinute: 100_000 }, 0);
    const sent: number[] = [];
    let remaining = 249;
    for (let t = 0; t < 1_000; ) {
      const wait = budget.waitMs('poll', t);
      if (wait > 0) {
        t += wait;
        continue;
      }
      budget.take('poll', t);
      sent.push(t);
      // ARM answers with its remaining reads: its bucket refills at 25 a second.
      remaining = Math.max(0, remaining - 1);
      budget.observeRemaining(Math.min(249, remaining + Math.floor(t / 40)), t);
      t += 1;
    }
    // Not one read every ~0.85 s waiting for a reserve ARM never leaves: most of what ARM serves in that second.
    expect(sent.length).toBeGreaterThan(150);
    // Remediation still has its reserve: a tenth of ARM's bucket.
    expect(budget.waitMs('remediation', 1_000)).toBe(0);
  });
});

