import { describe, expect, it } from 'vitest';
import { planStatusReads, type StatusCandidate } from '../../../src/core/status/planStatusReads';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const NOW = T0 + 10 * 60_000;
const REFRESH = 2.5 * 60_000;

/** A link confirmed Connected a minute ago whose counters are flat since before that (an idle link, fresh). */
const buildCandidate = (overrides: Partial<StatusCandidate> = {}): StatusCandidate => ({
  key: 'k',
  subscriptionId: 's1',
  trend: 'flat',
  previous: { status: 'Connected', statusAt: at(9), countersStoppedAt: at(1) },
  ...overrides,
});

describe('planStatusReads', () => {
  it('when a list item carries status, then no read is planned for it, whatever else is true', () => {
    const plan = planStatusReads([buildCandidate({ key: 'a', listStatus: 'NotConnected', previous: { status: 'NotConnected', statusAt: at(0) } })], { s1: 100 }, NOW, REFRESH);
    expect(plan).toEqual({ reads: [], deferred: [] });
  });

  it('when counters grew, then traffic says the link is up and no read is planned', () => {
    const plan = planStatusReads([buildCandidate({ key: 'a', trend: 'grew', previous: { status: 'NotConnected', statusAt: at(0) } })], { s1: 100 }, NOW, REFRESH);
    expect(plan.reads).toEqual([]);
  });

  it('reads down or unknown links first, then links whose counters stopped, then the oldest statuses', () => {
    const candidates = [
      buildCandidate({ key: 'old-idle', previous: { status: 'Connected', statusAt: at(2), countersStoppedAt: at(1) } }),
      buildCandidate({ key: 'fresh-idle' }),
      buildCandidate({ key: 'stopped', previous: { status: 'Connected', statusAt: at(9) } }),
      buildCandidate({ key: 'older-idle', previous: { status: 'Connected', statusAt: at(1), countersStoppedAt: at(0) } }),
      buildCandidate({ key: 'down', previous: { status: 'NotConnected', statusAt: at(9) } }),
      buildCandidate({ key: 'never-seen', previous: undefined }),
      buildCandidate({ key: 'stopped-after-confirmed', previous: { status: 'Connected', statusAt: at(5), countersStoppedAt: at(6) } }),
    ];
    const plan = planStatusReads(candidates, { s1: 100 }, NOW, REFRESH);
    expect(plan.reads).toEqual(['never-seen', 'down', 'stopped-after-confirmed', 'stopped', 'older-idle', 'old-idle']);
  });

  it('never plans more reads per subscription than its allowance, and defers the rest in order', () => {
    const candidates = ['a', 'b', 'c', 'd'].flatMap((key) => [
      buildCandidate({ key: `s1-${key}`, previous: { status: 'Unknown', statusAt: at(0) } }),
      buildCandidate({ key: `s2-${key}`, subscriptionId: 's2', previous: { status: 'Unknown', statusAt: at(0) } }),
    ]);
    const plan = planStatusReads(candidates, { s1: 2, s2: 3.7 }, NOW, REFRESH);
    expect(plan.reads.filter((k) => k.startsWith('s1-'))).toEqual(['s1-a', 's1-b']);
    expect(plan.reads.filter((k) => k.startsWith('s2-'))).toEqual(['s2-a', 's2-b', 's2-c']);
    expect([...plan.deferred].sort()).toEqual(['s1-c', 's1-d', 's2-d']);
  });

  it('when a subscription has no allowance (or none is known), then every wanted read is deferred', () => {
    const plan = planStatusReads([buildCandidate({ key: 'a', previous: undefined }), buildCandidate({ key: 'b', subscriptionId: 's9', previous: undefined })], { s1: 0 }, NOW, REFRESH);
    expect(plan).toEqual({ reads: [], deferred: ['a', 'b'] });
  });

  it('with an urgent allowance (a poll\'s suspect gateways), suspect links may go beyond the share, refreshes may not', () => {
    const candidates = [
      buildCandidate({ key: 'down', previous: { status: 'NotConnected', statusAt: at(9) } }),
      buildCandidate({ key: 'stopped', previous: { status: 'Connected', statusAt: at(9) } }),
      buildCandidate({ key: 'down-2', previous: { status: 'NotConnected', statusAt: at(8) } }),
      buildCandidate({ key: 'old-idle', previous: { status: 'Connected', statusAt: at(2), countersStoppedAt: at(1) } }),
    ];
    // A share of 0 and 2 urgent reads: the two most urgent suspects are read, the rest wait.
    expect(planStatusReads(candidates, { s1: 0 }, NOW, REFRESH, { s1: 2 })).toEqual({ reads: ['down-2', 'down'], deferred: ['stopped', 'old-idle'] });
    // 3 urgent reads, share 1: every suspect is read; the refresh only within the share, which the suspects used up.
    expect(planStatusReads(candidates, { s1: 1 }, NOW, REFRESH, { s1: 3 }).reads).toEqual(['down-2', 'down', 'stopped']);
    // Without an urgent allowance the share alone decides, as for every other chunk.
    expect(planStatusReads(candidates, { s1: 1 }, NOW, REFRESH).reads).toEqual(['down-2']);
  });
});

