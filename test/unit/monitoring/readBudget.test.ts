import { describe, expect, it } from 'vitest';
import { ReadBudget, type ReadClass } from '../../../src/core/readBudget';

/** Sends reads of one class as fast as the budget lets them go, for `durationMs`; returns their send times. */
function greedy(budget: ReadBudget, readClass: ReadClass, fromMs: number, durationMs: number): number[] {
  const sent: number[] = [];
  for (let t = fromMs; t < fromMs + durationMs; ) {
    const wait = budget.waitMs(readClass, t);
    if (wait > 0) {
      t += wait;
      continue;
    }
    budget.take(t);
    sent.push(t);
  }
  return sent;
}

const maxInAnyMinute = (times: readonly number[]): number => Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 60_000).length));

describe('ReadBudget', () => {
  it('never lets more than the budget go in any rolling minute, and spreads them instead of one burst', () => {
    const budget = new ReadBudget({ perMinute: 120 }, 0);
    const sent = greedy(budget, 'remediation', 0, 5 * 60_000);
    expect(maxInAnyMinute(sent)).toBeLessThanOrEqual(120);
    expect(sent.length).toBeGreaterThan(4 * 110);
    // Burst of 10 s worth (20 reads), then 2 per second.
    expect(sent.filter((t) => t === 0)).toHaveLength(20);
    expect(sent.filter((t) => t < 10_000).length).toBeLessThanOrEqual(20 + 20);
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
    expect(budget.allowance('remediation', 0)).toBe(750);
    for (let i = 0; i < 40; i++) budget.take(0);
    expect(budget.allowance('poll', 0)).toBe(635);
    // A minute later the reads have left the window.
    expect(budget.allowance('poll', 60_001)).toBe(675);
  });

  it('allowanceOver: a cycle planning its minute counts only the reads still in the window by then, and what the bucket refills', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    // The previous cycle: 600 poll reads, one every 100 ms.
    for (let i = 0; i < 600; i++) budget.take(i * 100);
    const now = 60_000;
    // At once, only what has left the window may go (the read at 0); over the coming minute, the whole poll share.
    expect(budget.allowance('poll', now)).toBe(675 - 599);
    expect(budget.allowanceOver('poll', now, 60_000)).toBe(675);
    // Over the next 20 s, the reads sent after 20 s still count then (399 of them).
    expect(budget.allowanceOver('poll', now, 20_000)).toBe(675 - 399);
  });

  it('ARM saying few reads remain shrinks the budget at once: polling stops, remediation gets what is left', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.observeRemaining(3, 0);
    expect(budget.allowance('poll', 0)).toBe(0);
    expect(budget.allowance('remediation', 0)).toBe(3);
    const sent = greedy(budget, 'remediation', 0, 1);
    expect(sent).toHaveLength(3);
    // Once ARM has reads to spare again, the full budget is back (the burst refills at the budget's rate).
    budget.observeRemaining(240, 10_000);
    expect(budget.allowance('poll', 10_000)).toBe(675 - 3);
  });

  it('a low header holds the budget down only until ARM can have refilled (10 s)', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.observeRemaining(3, 0);
    expect(budget.allowance('poll', 9_000)).toBe(0);
    expect(budget.allowance('poll', 10_001)).toBe(675);
  });

  it('a header with reads to spare only caps what goes at once, not the minute', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.observeRemaining(55, 0);
    expect(greedy(budget, 'remediation', 0, 1)).toHaveLength(55);
    expect(budget.allowance('remediation', 0)).toBe(695);
  });

  it('a 429 pauses every read until Retry-After, and the paused time is lost to the allowance', () => {
    const budget = new ReadBudget({ perMinute: 750 }, 0);
    budget.pause(30_000, 1_000);
    // Only the 30 s of the minute after the pause can be spent, at the budget's rate (12.5/s).
    expect(budget.allowance('remediation', 1_000)).toBe(375);
    expect(budget.waitMs('remediation', 1_000)).toBe(30_000);
    expect(budget.waitMs('poll', 20_000)).toBe(11_000);
    expect(greedy(budget, 'remediation', 20_000, 11_000)).toEqual([]);
    expect(greedy(budget, 'remediation', 31_000, 1).length).toBeGreaterThan(0);
  });
});
