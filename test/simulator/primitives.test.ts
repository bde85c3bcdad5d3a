import { describe, expect, it } from 'vitest';
import { stringifyWithBigInt } from '../../src/simulator';
import { FaultBook } from '../../src/simulator/FaultBook';
import { createPrng } from '../../src/simulator/prng';
import { TokenBucket } from '../../src/simulator/TokenBucket';

describe('int64 JSON', () => {
  it('writes bigint counters as exact digits, even beyond 2^53', () => {
    const text = stringifyWithBigInt({ a: 18446744073709551n, b: [9007199254740993n], c: 'x', d: 1.5 });
    expect(text).toBe('{"a":18446744073709551,"b":[9007199254740993],"c":"x","d":1.5}');
  });
});

describe('the read token bucket', () => {
  it('when the burst is spent, then it refuses with a Retry-After until tokens refill', () => {
    const bucket = new TokenBucket({ burst: 2, refillPerSecond: 0.5 }, 0);
    expect(bucket.take(0)).toMatchObject({ allowed: true, remaining: 1 });
    expect(bucket.take(0)).toMatchObject({ allowed: true, remaining: 0 });
    expect(bucket.take(0)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 2 });
    expect(bucket.take(2000)).toMatchObject({ allowed: true });
  });
});

describe('injected faults', () => {
  const target = { operation: 'VpnGateways_Get' as const };

  it('when a fault has a count, then it fires that many times and is spent', () => {
    const book = new FaultBook(createPrng(1));
    book.add({ kind: '500', count: 2 });
    const fired = [1, 2, 3].map(() => book.firstFiring(target, ['500']));
    expect(fired).toEqual(['500', '500', undefined]);
    expect(book.list()).toEqual([]);
  });

  it('when a fault names another operation, then it does not fire', () => {
    const book = new FaultBook(createPrng(1));
    book.add({ kind: '503', operation: 'VpnGateways_List' });
    expect(book.firstFiring(target, ['503'])).toBeUndefined();
  });

  it('when a fault has a rate, then the seeded PRNG makes the same requests fail on every run', () => {
    const run = (): Array<string | undefined> => {
      const book = new FaultBook(createPrng(42));
      book.add({ kind: '429', rate: 0.3 });
      return Array.from({ length: 200 }, () => book.firstFiring(target, ['429']));
    };
    const first = run();
    expect(run()).toEqual(first);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });
});
