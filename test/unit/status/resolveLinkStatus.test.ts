import { describe, expect, it } from 'vitest';
import { counterTrend } from '../../../src/core/status/counterTrend';
import { resolveLinkStatus, unconfirmedReasonOf } from '../../../src/core/status/resolveLinkStatus';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const MAX_AGE = 5 * 60_000;
const now = (minutes: number): number => T0 + minutes * 60_000;

describe('counterTrend', () => {
  it.each([
    { name: 'ingress grew', current: ['11', '5'], previous: ['10', '5'], trend: 'grew' },
    { name: 'egress grew beyond 2^53', current: ['1', '9007199254740993'], previous: ['1', '9007199254740992'], trend: 'grew' },
    { name: 'both flat', current: ['10', '5'], previous: ['10', '5'], trend: 'flat' },
    { name: 'a counter went back (restart)', current: ['3', '9'], previous: ['10', '5'], trend: 'unknown' },
    { name: 'no previous counters', current: ['3', '9'], previous: undefined, trend: 'unknown' },
  ])('when $name, then $trend', ({ current, previous, trend }) => {
    const counters = (pair: string[] | undefined) => (pair ? { ingressBytes: pair[0], egressBytes: pair[1] } : undefined);
    expect(counterTrend(counters(current)!, counters(previous))).toBe(trend);
  });
});

describe('resolveLinkStatus', () => {
  it('when the list carries status, then it is used with source list and confirmed now', () => {
    expect(resolveLinkStatus({ observed: { status: 'NotConnected', source: 'list' }, trend: 'grew' }, now(3), MAX_AGE)).toEqual({ status: 'NotConnected', statusSource: 'list', statusAt: at(3) });
  });

  it('when counters grew and nothing was read, then the link is Connected by traffic', () => {
    const previous = { status: 'NotConnected', statusSource: 'get' as const, statusAt: at(0), countersStoppedAt: at(0) };
    expect(resolveLinkStatus({ trend: 'grew', previous }, now(1), MAX_AGE)).toEqual({ status: 'Connected', statusSource: 'traffic', statusAt: at(1) });
  });

  it('when counters stopped and nothing was read, then the last confirmed status stands and the stop is recorded', () => {
    const previous = { status: 'Connected', statusSource: 'traffic' as const, statusAt: at(0) };
    expect(resolveLinkStatus({ trend: 'flat', previous }, now(1), MAX_AGE)).toEqual({ status: 'Connected', statusSource: 'traffic', statusAt: at(0), countersStoppedAt: at(1) });
  });

  it('when counters stay stopped, then the first stop is kept', () => {
    const previous = { status: 'Connected', statusSource: 'traffic' as const, statusAt: at(0), countersStoppedAt: at(1) };
    expect(resolveLinkStatus({ trend: 'flat', previous }, now(3), MAX_AGE).countersStoppedAt).toBe(at(1));
  });

  it.each([
    { reason: undefined, expected: 'unconfirmed: budget' },
    { reason: 'throttled' as const, expected: 'unconfirmed: throttled' },
    { reason: 'forbidden' as const, expected: 'unconfirmed: forbidden' },
  ])('when the last confirmation is the max age old and no read happened ($expected), then the link reads Unknown with that reason', ({ reason, expected }) => {
    const previous = { status: 'Connected', statusSource: 'get' as const, statusAt: at(0), countersStoppedAt: at(0) };
    const resolved = resolveLinkStatus({ trend: 'flat', previous, ...(reason && { unconfirmedReason: reason }) }, now(5), MAX_AGE);
    expect(resolved).toEqual({ status: 'Unknown', statusSource: 'get', statusAt: at(0), statusReason: expected, countersStoppedAt: at(0) });
  });

  it('when the last confirmation is younger than the max age, then it still stands', () => {
    const previous = { status: 'Connected', statusSource: 'get' as const, statusAt: at(0) };
    expect(resolveLinkStatus({ trend: 'flat', previous }, now(4.9), MAX_AGE).status).toBe('Connected');
  });

  it('when a link was never confirmed and nothing was read, then it reads Unknown without a confirmation time', () => {
    expect(resolveLinkStatus({ trend: 'unknown' }, now(0), MAX_AGE)).toEqual({ status: 'Unknown', statusReason: 'unconfirmed: budget' });
  });

  it.each([
    ['ARM.THROTTLED', 'throttled'],
    ['ARM.FORBIDDEN', 'forbidden'],
    ['ARM.UNAUTHORIZED', 'forbidden'],
    ['ARM.UNAVAILABLE', 'error'],
    ['HUAWEI.THROTTLED', 'throttled'],
    ['HUAWEI.FORBIDDEN', 'forbidden'],
    ['HUAWEI.UNAUTHORIZED', 'forbidden'],
    ['HUAWEI.TIMEOUT', 'error'],
  ])('a failed read with %s is unconfirmed for %s', (code, reason) => expect(unconfirmedReasonOf(code)).toBe(reason));
});
