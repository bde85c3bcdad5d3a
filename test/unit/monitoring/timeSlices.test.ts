import { describe, expect, it } from 'vitest';
import { expiredSlices, parseSlice, sliceAt, sliceScheme, slicesCovering } from '../../../src/core/retention/timeSlices';

const DAY = 86_400_000;
const at = (iso: string): number => Date.parse(iso);
const daily = sliceScheme('twsnap', 1);
const tenDays = sliceScheme('twtrans', 10);

describe('slice naming', () => {
  it('names a daily slice after its UTC day, whatever the time of day', () => {
    expect(sliceAt(daily, at('2026-12-06T00:00:00.000Z')).name).toBe('twsnap20261206');
    expect(sliceAt(daily, at('2026-12-06T23:59:59.999Z')).name).toBe('twsnap20261206');
    expect(sliceAt(daily, at('2026-12-07T00:00:00.000Z')).name).toBe('twsnap20261207');
    expect(sliceAt(daily, at('2026-12-06T13:00:00Z'))).toEqual({ name: 'twsnap20261206', startMs: at('2026-12-06T00:00:00Z'), endMs: at('2026-12-07T00:00:00Z') });
  });

  it('aligns N-day slices on the epoch, so every process derives the same name', () => {
    const slice = sliceAt(tenDays, at('2026-12-06T12:00:00Z'));
    expect((slice.startMs / DAY) % 10).toBe(0);
    expect(slice.endMs - slice.startMs).toBe(10 * DAY);
    expect(slice.startMs).toBeLessThanOrEqual(at('2026-12-06T12:00:00Z'));
    expect(slice.endMs).toBeGreaterThan(at('2026-12-06T12:00:00Z'));
    expect(sliceAt(tenDays, slice.startMs).name).toBe(slice.name);
    expect(sliceAt(tenDays, slice.endMs - 1).name).toBe(slice.name);
    expect(sliceAt(tenDays, slice.endMs).name).not.toBe(slice.name);
    expect(slice.name).toMatch(/^twtrans\d{8}$/);
  });

  it('refuses bases that cannot make a table name', () => {
    expect(() => sliceScheme('1tw', 1)).toThrow(/base/);
    expect(() => sliceScheme('tw-snap', 1)).toThrow(/base/);
    expect(() => sliceScheme('a'.repeat(56), 1)).toThrow(/base/);
    expect(() => sliceScheme('twsnap', 0)).toThrow(/1 to 366/);
    expect(() => sliceScheme('twsnap', 1.5)).toThrow(/1 to 366/);
    expect(sliceScheme('a'.repeat(55), 1).base).toHaveLength(55);
  });

  it('parses back only canonical, aligned names of its own kind', () => {
    expect(parseSlice(daily, 'twsnap20261206')?.startMs).toBe(at('2026-12-06T00:00:00Z'));
    expect(parseSlice(daily, 'TWSNAP20261206')?.startMs).toBe(at('2026-12-06T00:00:00Z'));
    expect(parseSlice(daily, 'twsnapshots')).toBeUndefined();
    expect(parseSlice(daily, 'twsnap20260231')).toBeUndefined();
    expect(parseSlice(daily, 'twsnap202612061')).toBeUndefined();
    expect(parseSlice(daily, 'twtrans20261206')).toBeUndefined();
    const aligned = sliceAt(tenDays, at('2026-12-06T00:00:00Z'));
    expect(parseSlice(tenDays, aligned.name)).toEqual(aligned);
    expect(parseSlice(tenDays, sliceAt(daily, aligned.startMs + DAY).name.replace('twsnap', 'twtrans'))).toBeUndefined();
  });
});

describe('window → slices', () => {
  it('visits exactly the days a window touches, oldest or newest first', () => {
    const from = at('2026-12-04T22:00:00Z');
    const to = at('2026-12-06T01:00:00Z');
    expect(slicesCovering(daily, from, to).map((s) => s.name)).toEqual(['twsnap20261204', 'twsnap20261205', 'twsnap20261206']);
    expect(slicesCovering(daily, from, to, 'newest-first').map((s) => s.name)).toEqual(['twsnap20261206', 'twsnap20261205', 'twsnap20261204']);
  });

  it('a window inside one day is one slice; an empty or inverted window is none', () => {
    expect(slicesCovering(daily, at('2026-12-06T01:00:00Z'), at('2026-12-06T02:00:00Z')).map((s) => s.name)).toEqual(['twsnap20261206']);
    expect(slicesCovering(daily, at('2026-12-06T02:00:00Z'), at('2026-12-06T01:00:00Z'))).toEqual([]);
    expect(slicesCovering(daily, Number.NaN, at('2026-12-06T01:00:00Z'))).toEqual([]);
  });

  it('ends a window at midnight inclusive: the next day is visited only when the window reaches it', () => {
    expect(slicesCovering(daily, at('2026-12-05T12:00:00Z'), at('2026-12-06T00:00:00Z') - 1)).toHaveLength(1);
    expect(slicesCovering(daily, at('2026-12-05T12:00:00Z'), at('2026-12-06T00:00:00Z'))).toHaveLength(2);
  });

  it('N-day slices: a 31-day window covers 4 or 5 of 10 days, contiguous and ordered', () => {
    const slices = slicesCovering(tenDays, at('2026-11-05T00:00:00Z'), at('2026-12-06T00:00:00Z'));
    expect(slices.length).toBeGreaterThanOrEqual(4);
    expect(slices.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.startMs).toBe(slices[i - 1]!.endMs);
  });

  it('refuses unbounded windows', () => {
    expect(() => slicesCovering(daily, 0, 2000 * DAY)).toThrow(/at most/);
  });
});

describe('expiry', () => {
  it('expires only slices wholly before the cutoff, oldest first, ignoring other tables', () => {
    const names = ['twsnap20261206', 'twsnap20261104', 'twsnap20261105', 'twsnap20261106', 'twlinkstate', 'twsnapshots', 'twtrans20261101'];
    const cutoff = at('2026-11-06T03:30:00Z');
    expect(expiredSlices(daily, names, cutoff).map((s) => s.name)).toEqual(['twsnap20261104', 'twsnap20261105']);
    expect(expiredSlices(daily, names, at('2026-11-06T00:00:00Z')).map((s) => s.name)).toEqual(['twsnap20261104', 'twsnap20261105']);
  });

  it('keeps a half-expired N-day slice until it is wholly past', () => {
    const slice = sliceAt(tenDays, at('2026-11-10T00:00:00Z'));
    expect(expiredSlices(tenDays, [slice.name], slice.endMs - 1)).toEqual([]);
    expect(expiredSlices(tenDays, [slice.name], slice.endMs).map((s) => s.name)).toEqual([slice.name]);
  });
});
