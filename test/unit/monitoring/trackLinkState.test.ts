import { describe, expect, it } from 'vitest';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import { incidentIdFor } from '../../../src/core/ids/incidentId';
import { isDownStatus, trackLinkState, type TrackedLinkState } from '../../../src/core/linkState/trackLinkState';
import { buildSnapshot as buildLinkSnapshot } from '../../support/builders';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const LINK_ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw/vpnConnections/c1/vpnSiteLinkConnections/l1';
const policy = { downStatuses: ['NotConnected'], stuckThresholdMs: 5 * 60_000 };

const buildSnapshot = (overrides: Partial<LinkSnapshot> = {}): LinkSnapshot => buildLinkSnapshot({ id: LINK_ID, key: 'k1', status: 'Connected', polledAt: at(0), ...overrides });

/** Feeds statuses one minute apart through the tracker and returns every step's result. */
function run(statuses: readonly string[], overrides = {}, start?: TrackedLinkState) {
  let state = start;
  return statuses.map((status, minute) => {
    const result = trackLinkState(state, buildSnapshot({ status, polledAt: at(minute) }), overrides, policy);
    state = result.state;
    return result;
  });
}

describe('trackLinkState', () => {
  it.each([
    { name: 'down 4 minutes: no incident yet', statuses: ['NotConnected', 'NotConnected', 'NotConnected', 'NotConnected', 'NotConnected'], opened: [] as number[] },
    { name: 'down 5 minutes: one incident at minute 5', statuses: Array(6).fill('NotConnected') as string[], opened: [5] },
    { name: 'down 12 minutes: still exactly one incident', statuses: Array(13).fill('NotConnected') as string[], opened: [5] },
    { name: 'a blip of Connected restarts the streak', statuses: ['NotConnected', 'NotConnected', 'NotConnected', 'Connected', 'NotConnected', 'NotConnected', 'NotConnected', 'NotConnected', 'NotConnected', 'NotConnected'], opened: [9] },
    { name: 'Connecting is not down by default', statuses: Array(8).fill('Connecting') as string[], opened: [] },
  ])('when $name', ({ statuses, opened }) => {
    const results = run(statuses);
    expect(results.flatMap((r, i) => (r.opened ? [i] : []))).toEqual(opened);
  });

  it('when a stuck link recovers, then its incident closes with a transition naming it', () => {
    const results = run([...(Array(6).fill('NotConnected') as string[]), 'Connected']);
    const incidentId = incidentIdFor('k1', at(0));
    expect(results[5]?.state).toMatchObject({ incidentId, pendingRequestFor: incidentId, downSince: at(0) });
    expect(results[6]).toMatchObject({ closedIncidentId: incidentId, transition: { from: 'NotConnected', to: 'Connected', at: at(6), closedIncidentId: incidentId } });
    expect(results[6]?.state.incidentId).toBeUndefined();
    expect(results[6]?.state.downSince).toBeUndefined();
  });

  it('when the poll at the threshold fires a few milliseconds early (timer jitter), then the incident opens at that poll, not one interval later', () => {
    const polls = [0, 60_000, 120_000, 180_000, 240_000, 300_000 - 4].map((ms) => new Date(T0 + ms).toISOString());
    let state: TrackedLinkState | undefined;
    const opened = polls.map((polledAt) => {
      const result = trackLinkState(state, buildSnapshot({ status: 'NotConnected', polledAt }), {}, policy);
      state = result.state;
      return result.opened !== undefined;
    });
    expect(opened).toEqual([false, false, false, false, false, true]);
  });

  it('when the poll comes more than the schedule slack short of the threshold, then no incident opens yet', () => {
    const first = trackLinkState(undefined, buildSnapshot({ status: 'NotConnected', polledAt: at(0) }), {}, policy);
    const early = new Date(T0 + policy.stuckThresholdMs - 2_000).toISOString();
    expect(trackLinkState(first.state, buildSnapshot({ status: 'NotConnected', polledAt: early }), {}, policy).opened).toBeUndefined();
  });

  it('when the connection opted out, then the incident opens but no request is pending', () => {
    const results = run(Array(6).fill('NotConnected') as string[], { remediate: false });
    expect(results[5]?.opened?.remediate).toBe(false);
    expect(results[5]?.state.pendingRequestFor).toBeUndefined();
  });

  it('when a tag shortens the threshold to 1 minute, then the incident opens at minute 1', () => {
    expect(run(['NotConnected', 'NotConnected'], { stuckThresholdMs: 60_000 })[1]?.opened).toBeDefined();
  });

  it('the first sighting is not a transition; a change is, with statusSince moving', () => {
    const [first, second, third] = run(['Connected', 'Connected', 'NotConnected']);
    expect([first?.transition, second?.transition]).toEqual([undefined, undefined]);
    expect(third?.transition).toEqual({ linkKey: 'k1', linkId: LINK_ID, from: 'Connected', to: 'NotConnected', at: at(2) });
    expect([second?.state.statusSince, third?.state.statusSince, third?.state.previousStatus]).toEqual([at(0), at(2), 'Connected']);
  });

  it('keeps lastResetAt written by remediation', () => {
    const [first] = run(['Connected']);
    const next = trackLinkState({ ...first!.state, lastResetAt: at(0) }, buildSnapshot({ polledAt: at(1) }), {}, policy);
    expect(next.state.lastResetAt).toBe(at(0));
  });

  it('when a poll could not learn the tunnel addresses, then the last known ones stay; new ones replace them', () => {
    const first = trackLinkState(undefined, buildSnapshot({ localAddresses: ['192.0.2.1'], remoteAddress: '203.0.113.9' }), {}, policy);
    const blind = trackLinkState(first.state, buildSnapshot({ polledAt: at(1) }), {}, policy);
    expect(blind.state).toMatchObject({ localAddresses: ['192.0.2.1'], remoteAddress: '203.0.113.9' });
    const moved = trackLinkState(blind.state, buildSnapshot({ polledAt: at(2), localAddresses: ['192.0.2.5'], remoteAddress: '198.51.100.4' }), {}, policy);
    expect(moved.state).toMatchObject({ localAddresses: ['192.0.2.5'], remoteAddress: '198.51.100.4' });
  });
});

describe('isDownStatus', () => {
  it.each([
    ['NotConnected', ['NotConnected'], true],
    ['Connected', ['NotConnected', 'Unknown'], false],
    ['SomethingNew', ['NotConnected'], false],
    ['SomethingNew', ['NotConnected', 'Unknown'], true],
    ['Unknown', ['Unknown'], true],
  ] as const)('%s with down set %j → %s', (status, set, expected) => {
    expect(isDownStatus(status, set)).toBe(expected);
  });
});

describe('trackLinkState: the down streak starts at the first evidence', () => {
  const up = (): TrackedLinkState => trackLinkState(undefined, buildSnapshot({ status: 'Connected', statusSource: 'traffic', statusAt: at(0), polledAt: at(0) }), {}, policy).state;

  it('when counters stopped at minute 1 and a GET says down at minute 3, then downSince is minute 1 and the threshold counts from there', () => {
    const down = buildSnapshot({ status: 'NotConnected', statusSource: 'get', statusAt: at(3), countersStoppedAt: at(1), polledAt: at(3) });
    const first = trackLinkState(up(), down, {}, policy);
    expect(first.state.downSince).toBe(at(1));
    const later = trackLinkState(first.state, buildSnapshot({ status: 'NotConnected', statusSource: 'get', statusAt: at(6), countersStoppedAt: at(1), polledAt: at(6) }), {}, policy);
    expect(later.opened).toMatchObject({ downSince: at(1), openedAt: at(6) });
  });

  it('when the link was confirmed up after its counters stopped (idle), then the streak starts at the GET that says down', () => {
    const idle = { ...up(), statusSource: 'get' as const, statusAt: at(20), countersStoppedAt: at(1) };
    const down = buildSnapshot({ status: 'NotConnected', statusSource: 'get', statusAt: at(22), countersStoppedAt: at(1), polledAt: at(22) });
    expect(trackLinkState(idle, down, {}, policy).state.downSince).toBe(at(22));
  });

  it('when a status is unconfirmed, then it neither starts a down streak nor ends one', () => {
    const unconfirmed = (minute: number) => buildSnapshot({ status: 'Unknown', statusReason: 'unconfirmed: budget', polledAt: at(minute) });
    const strict = { ...policy, downStatuses: ['NotConnected', 'Unknown'] };
    expect(trackLinkState(up(), unconfirmed(6), {}, strict).state.downSince).toBeUndefined();
    const downState = trackLinkState(up(), buildSnapshot({ status: 'NotConnected', polledAt: at(1) }), {}, strict).state;
    expect(trackLinkState(downState, unconfirmed(2), {}, strict).state.downSince).toBe(at(1));
  });
});
