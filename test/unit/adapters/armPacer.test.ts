import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArmPacer } from '../../../src/adapters/arm/armPacer';

const SUB = '00000000-0000-0000-0000-000000000001';

/** Sends requests through the pacer's policy to a fake ARM that records the order and answers with `answer`. */
function harness(readsPerMinute: number, answer: (url: string) => { status?: number; headers?: Record<string, string> } = () => ({})) {
  const pacer = new ArmPacer({ concurrency: 64, readsPerMinute });
  const policy = pacer.policy(SUB);
  const order: string[] = [];
  const send = (url: string, method: 'GET' | 'POST' = 'GET'): Promise<PipelineResponse> => {
    const request = createPipelineRequest({ url: `https://arm.test/${url}`, method });
    return policy.sendRequest(request, async (r) => {
      order.push(url);
      const a = answer(url);
      return { request: r, status: a.status ?? 200, headers: createHttpHeaders(a.headers ?? {}) };
    });
  };
  return { pacer, send, order };
}

describe('ArmPacer read budget', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('holds reads to the per-subscription rate: a 60/min budget sends a 10 s burst (less the reserve), then one a second', async () => {
    const { send, order } = harness(60);
    void Promise.all(Array.from({ length: 30 }, (_, i) => send(`poll-${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toHaveLength(9);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(order.length).toBeGreaterThanOrEqual(18);
    expect(order.length).toBeLessThanOrEqual(19);
  });

  it('sends a remediation read ahead of poll reads already waiting', async () => {
    const { pacer, send, order } = harness(60);
    void Promise.all(Array.from({ length: 10 }, (_, i) => send(`poll-${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    void pacer.asClass('remediation', () => send('remediation'));
    await vi.advanceTimersByTimeAsync(0);
    // The reserve (10% of the burst) lets the remediation read go while the polls wait for the refill.
    expect(order.slice(-1)).toEqual(['remediation']);
    expect(order.filter((u) => u.startsWith('poll'))).toHaveLength(9);
    void pacer.asClass('remediation', () => send('remediation-2'));
    await vi.advanceTimersByTimeAsync(1_100);
    expect(order.slice(9)).toEqual(['remediation', 'remediation-2']);
  });

  it('does not draw writes (POST actions) from the read budget', async () => {
    const { send, order } = harness(60);
    void Promise.all(Array.from({ length: 10 }, (_, i) => send(`poll-${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    await send('reset', 'POST');
    expect(order.at(-1)).toBe('reset');
  });

  it('pauses the subscription for Retry-After after a 429, and shrinks to what ARM says remains', async () => {
    let answer: { status?: number; headers?: Record<string, string> } = { status: 429, headers: { 'retry-after': '30', 'x-ms-ratelimit-remaining-subscription-reads': '0' } };
    const { pacer, send, order } = harness(750, () => answer);
    await send('first');
    answer = {};
    void send('second');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(order).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(order).toEqual(['first', 'second']);
    answer = { headers: { 'x-ms-ratelimit-remaining-subscription-reads': '2' } };
    await send('third');
    // Two left: polling keeps its share of them (90% of 2, floored); remediation may have the other.
    expect(pacer.readAllowance(SUB)).toBe(1);
    expect(pacer.throttled).toBe(1);
  });

  it("holds a shard's poll reads to its share, while other reads of the process go on", async () => {
    const { pacer, send, order } = harness(750);
    void pacer.withReadShares({ [SUB]: 60 }, () => Promise.all(Array.from({ length: 20 }, (_, i) => send(`shard-${i}`))));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toHaveLength(9);
    await send('other');
    expect(order.at(-1)).toBe('other');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(order.filter((u) => u.startsWith('shard'))).toHaveLength(12);
  });

  it('a process-wide read made from inside a shard (a shared cache fill) is held to the process budget, not the share', async () => {
    const { pacer, send, order } = harness(750);
    void pacer.withReadShares({ [SUB]: 60 }, () => pacer.outsideShares(() => Promise.all(Array.from({ length: 20 }, (_, i) => send(`cache-${i}`)))));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toHaveLength(20);
  });

  it('readAllowance: the poll share of the budget left this minute, and within a shard its share', async () => {
    const { pacer, send } = harness(750);
    expect(pacer.readAllowance(SUB)).toBe(675);
    await Promise.all(Array.from({ length: 25 }, (_, i) => send(`poll-${i}`)));
    expect(pacer.readAllowance(SUB)).toBe(650);
    await pacer.withReadShares({ [SUB.toUpperCase()]: 100 }, async () => {
      expect(pacer.readAllowance(SUB)).toBe(90);
      await send('shard-read');
      expect(pacer.readAllowance(SUB)).toBe(89);
    });
    expect(pacer.readAllowance(SUB)).toBe(649);
  });

  it('a flood of remediation reads (hundreds waiting) never stops poll reads: polling keeps at least 40% of each minute', async () => {
    const { pacer, send, order } = harness(600);
    void pacer.asClass('remediation', () => Promise.all(Array.from({ length: 2_000 }, (_, i) => send(`remediation-${i}`))));
    await vi.advanceTimersByTimeAsync(0);
    // Remediation took its share of the burst (60 of 100) at once, not the whole bucket.
    expect(order).toHaveLength(60);
    void Promise.all(Array.from({ length: 1_000 }, (_, i) => send(`poll-${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    // The poll reads arriving behind 1,940 waiting remediation reads go at once from what remediation left.
    expect(order.filter((u) => u.startsWith('poll')).length).toBeGreaterThanOrEqual(25);
    const mark = order.length;
    await vi.advanceTimersByTimeAsync(60_000);
    const minute = order.slice(mark);
    const polls = minute.filter((u) => u.startsWith('poll')).length;
    expect(polls).toBeGreaterThanOrEqual(0.4 * 600 - 30);
    // Remediation still goes first within its share: it is not starved either.
    expect(minute.length - polls).toBeGreaterThanOrEqual(0.5 * 600 - 30);
    expect(order.length).toBeLessThanOrEqual(600 + 100);
  });
});

describe('ArmPacer concurrency', () => {
  it('remediation requests never hold every slot: with all remediation slots busy, a poll request still goes', async () => {
    const pacer = new ArmPacer({ concurrency: 5, readsPerMinute: 100_000 });
    const policy = pacer.policy(SUB);
    const started: string[] = [];
    const held: Array<() => void> = [];
    const send = (url: string): Promise<PipelineResponse> =>
      policy.sendRequest(createPipelineRequest({ url: `https://arm.test/${url}`, method: 'POST' }), async (r) => {
        started.push(url);
        await new Promise<void>((resolve) => held.push(resolve));
        return { request: r, status: 200, headers: createHttpHeaders() };
      });
    const remediation = pacer.asClass('remediation', () => Promise.all(Array.from({ length: 20 }, (_, i) => send(`remediation-${i}`))));
    await new Promise((resolve) => setImmediate(resolve));
    // 5 slots: remediation may hold 3 (60%), the rest stay for polling.
    expect(started).toHaveLength(3);
    const poll = Promise.all([send('poll-0'), send('poll-1'), send('poll-2')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.filter((u) => u.startsWith('poll'))).toEqual(['poll-0', 'poll-1']);
    // A remediation request finishing frees a slot for the next remediation request, not beyond its 3.
    held.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.filter((u) => u.startsWith('remediation'))).toHaveLength(4);
    expect(started).toHaveLength(6);
    while (held.length > 0) {
      held.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([remediation, poll]);
    expect(started).toHaveLength(23);
  });
});
