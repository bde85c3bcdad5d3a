import { describe, expect, it } from 'vitest';
import { computeRates } from '../../../src/core/snapshot/computeRates';

const reading = (ingressBytes: string, egressBytes: string, atMs: number) => ({ ingressBytes, egressBytes, atMs });

describe('computeRates', () => {
  it.each([
    { name: 'first poll: no rate', prev: undefined, cur: reading('10', '10', 60_000), expected: { counterRestart: false } },
    { name: '750 kB in 60 s = 100 kbit/s', prev: reading('0', '0', 0), cur: reading('750000', '600', 60_000), expected: { ingressBps: 100_000, egressBps: 80, counterRestart: false } },
    { name: 'counter backwards: restart, no negative rate', prev: reading('5000', '5000', 0), cur: reading('10', '6000', 60_000), expected: { counterRestart: true } },
    { name: 'same poll time: no division by zero', prev: reading('0', '0', 1000), cur: reading('10', '10', 1000), expected: { counterRestart: false } },
    {
      name: 'counters beyond 2^53 stay exact',
      prev: reading('9007199254740993000', '9223372036854775000', 0),
      cur: reading('9007199254740993750', '9223372036854775807', 1000),
      expected: { ingressBps: 6000, egressBps: 6456, counterRestart: false },
    },
  ])('$name', ({ prev, cur, expected }) => {
    expect(computeRates(prev, cur)).toEqual(expected);
  });
});
