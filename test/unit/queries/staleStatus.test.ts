import { describe, expect, it } from 'vitest';
import { getFleetSummary } from '../../../src/app/queries/getFleetSummary';
import { getLink } from '../../../src/app/queries/getLink';
import { listLinks } from '../../../src/app/queries/listLinks';
import type { LinkState } from '../../../src/core/linkState/linkState';
import { staleAsUnknown } from '../../../src/core/status/staleAsUnknown';
import { buildState, fleetQueryDeps, NOW } from './builders';

const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();
const MAX_AGE_MS = 5 * 60_000;

// The poller last wrote Connected 8 minutes ago and has not run since: nothing confirmed it for longer than the max age.
const FROZEN = buildState({ gateway: 'gw-east', connection: 'conn-frozen', status: 'Connected', statusSource: 'list', statusAt: minutesAgo(8), lastPolledAt: minutesAgo(8) });
const FRESH = buildState({ gateway: 'gw-east', connection: 'conn-fresh', status: 'Connected', statusSource: 'traffic', statusAt: minutesAgo(1), lastPolledAt: minutesAgo(1) });
const FLEET = [FROZEN, FRESH];

const deps = { ...fleetQueryDeps(FLEET), statusMaxAgeMs: MAX_AGE_MS };

describe('staleAsUnknown: no silent healthy at answer time', () => {
  const at = (state: Partial<LinkState>): LinkState => staleAsUnknown(buildState(state), NOW.getTime(), MAX_AGE_MS);

  it.each([
    { name: 'confirmed 4 minutes ago: as written', state: { status: 'Connected', statusAt: minutesAgo(4) }, status: 'Connected', reason: undefined },
    { name: 'confirmed exactly 5 minutes ago: as written', state: { status: 'Connected', statusAt: minutesAgo(5) }, status: 'Connected', reason: undefined },
    { name: 'Connected confirmed 6 minutes ago: Unknown, stale', state: { status: 'Connected', statusAt: minutesAgo(6) }, status: 'Unknown', reason: 'unconfirmed: stale' },
    { name: 'NotConnected confirmed an hour ago: Unknown, stale', state: { status: 'NotConnected', statusAt: minutesAgo(60) }, status: 'Unknown', reason: 'unconfirmed: stale' },
    { name: 'no statusAt (older row), polled 10 minutes ago: Unknown, stale', state: { status: 'Connected', lastPolledAt: minutesAgo(10) }, status: 'Unknown', reason: 'unconfirmed: stale' },
    { name: 'no statusAt, polled 1 minute ago: as written', state: { status: 'Connected', lastPolledAt: minutesAgo(1) }, status: 'Connected', reason: undefined },
    { name: 'already Unknown for budget: keeps the reason that says why', state: { status: 'Unknown', statusAt: minutesAgo(30), statusReason: 'unconfirmed: budget' }, status: 'Unknown', reason: 'unconfirmed: budget' },
    { name: 'an unreadable statusAt: Unknown, stale', state: { status: 'Connected', statusAt: 'not a date', lastPolledAt: minutesAgo(1) }, status: 'Unknown', reason: 'unconfirmed: stale' },
  ])('$name', ({ state, status, reason }) => {
    const seen = at(state);
    expect(seen.status).toBe(status);
    expect(seen.statusReason).toBe(reason);
  });

  it('keeps when the status was last confirmed, so the age shown says how stale it is', () => {
    expect(at({ status: 'Connected', statusAt: minutesAgo(8), statusSource: 'list' })).toMatchObject({ statusAt: minutesAgo(8), statusSource: 'list' });
  });
});

describe('every query route shows a link confirmed too long ago as Unknown (unconfirmed: stale)', () => {
  it('GET /api/links: the view, the counts and the status filter', async () => {
    const page = await listLinks(deps, { top: 50 });
    const frozen = page.links.find((l) => l.key === FROZEN.key)!;
    expect(frozen).toMatchObject({ status: 'Unknown', statusReason: 'unconfirmed: stale', statusAgeSeconds: 480 });
    expect(page.links.find((l) => l.key === FRESH.key)?.status).toBe('Connected');
    expect(page.countsByStatus).toEqual({ Unknown: 1, Connected: 1 });
    expect((await listLinks(deps, { top: 50, status: 'Connected' })).links.map((l) => l.key)).toEqual([FRESH.key]);
    expect((await listLinks(deps, { top: 50, status: 'Unknown' })).links.map((l) => l.key)).toEqual([FROZEN.key]);
  });

  it('GET /api/links/{key}', async () => {
    expect(await getLink(deps, FROZEN.key)).toMatchObject({ status: 'Unknown', statusReason: 'unconfirmed: stale' });
    expect((await getLink(deps, FRESH.key)).status).toBe('Connected');
  });

  it('GET /api/fleet: totals and the gateway group count it as a problem, not as healthy', async () => {
    const summary = await getFleetSummary(deps);
    expect(summary.totals).toMatchObject({ links: 2, notConnected: 1, byStatus: { Unknown: 1, Connected: 1 } });
    expect(summary.healthy).toEqual({ gateways: 0, links: 0 });
    expect(summary.problemGateways[0]?.problems.map((l) => [l.key, l.status, l.statusReason])).toEqual([[FROZEN.key, 'Unknown', 'unconfirmed: stale']]);
  });

  it('without the setting, the default max age (5 minutes) applies: never no limit', async () => {
    const { statusMaxAgeMs: _unset, ...withoutSetting } = deps;
    expect((await listLinks(withoutSetting, { top: 50 })).countsByStatus).toEqual({ Unknown: 1, Connected: 1 });
  });
});
