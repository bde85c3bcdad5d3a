import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updateRollups } from '../../support/updateRollups';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import { foldSnapshot, type HourlyRollup } from '../../../src/core/rollups/hourlyRollup';
import { buildSnapshot as buildLinkSnapshot, buildState, memoryRollupStore } from '../queries/builders';
import { buildSnapshot as buildSharedSnapshot } from '../../support/builders';
import { acknowledgeFlushed, MAX_PENDING_HOURS, pendingRollupsOf, rollLinkHour, type RollupBaseline } from '../../../src/core/rollups/linkHourRollup';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const hour = (h: number): string => new Date(T0 + h * 3_600_000).toISOString();

const CLASSIC_ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/connections/c1';
const buildSnapshot = (overrides: Partial<LinkSnapshot> = {}): LinkSnapshot => buildSharedSnapshot({ id: CLASSIC_ID, key: 'k1', kind: 'classic', link: 'c1', status: 'Connected', polledAt: at(0), ...overrides });

type Sample = readonly [minute: number, status: string, ingressBytes: number];

/** Feeds samples through the rollover the way the poller does (each state is the last sample plus its rollup fields). */
function poll(samples: readonly Sample[], start?: RollupBaseline): RollupBaseline | undefined {
  let state = start;
  for (const [minute, status, bytes] of samples) {
    const snapshot = buildSnapshot({ status, ingressBytes: String(bytes), egressBytes: String(bytes * 2), polledAt: at(minute) });
    state = { lastPolledAt: snapshot.polledAt, ingressBytes: snapshot.ingressBytes, egressBytes: snapshot.egressBytes, ...rollLinkHour(state, snapshot) };
  }
  return state;
}

const everyMinute = (from: number, to: number, status = 'Connected', bytesPerMinute = 1000): Sample[] =>
  Array.from({ length: to - from }, (_, i) => [from + i, status, (from + i) * bytesPerMinute] as const);

describe('rollLinkHour', () => {
  it.each([
    { name: 'samples within one hour accumulate, nothing is pending', samples: everyMinute(0, 30), current: hour(0), currentSamples: 30, pending: [] as string[] },
    { name: 'the first sample of a new hour finishes the previous one', samples: everyMinute(0, 61), current: hour(1), currentSamples: 1, pending: [hour(0)] },
    { name: 'two boundaries without a flush keep both finished hours', samples: everyMinute(0, 121), current: hour(2), currentSamples: 1, pending: [hour(0), hour(1)] },
    { name: 'a gap of several hours finishes only the hour that had samples', samples: [[0, 'Connected', 0], [1, 'Connected', 10], [200, 'Connected', 20]] as Sample[], current: hour(3), currentSamples: 1, pending: [hour(0)] },
  ])('when $name', ({ samples, current, currentSamples, pending }) => {
    const state = poll(samples);
    expect(state?.hourRollup?.hour).toBe(current);
    expect(state?.hourRollup?.samples).toBe(currentSamples);
    expect((state?.pendingRollups ?? []).map((r) => r.hour)).toEqual(pending);
  });

  it('when an hour finishes, then it equals folding that hour alone with the previous hour\'s last sample as baseline', () => {
    const samples = [...everyMinute(0, 50), ...everyMinute(50, 65, 'NotConnected', 0).map(([m, s]) => [m, s, 49_000] as const), ...everyMinute(65, 130, 'Connected', 3000)];
    const state = poll(samples);
    const snapshots = samples.map(([m, status, bytes]) => buildSnapshot({ status, ingressBytes: String(bytes), egressBytes: String(bytes * 2), polledAt: at(m) }));
    const foldHour = (h: number, previous?: HourlyRollup): HourlyRollup =>
      snapshots.filter((s) => s.polledAt >= hour(h) && s.polledAt < hour(h + 1)).reduce<HourlyRollup | undefined>((r, s) => foldSnapshot(r, previous?.last, s), undefined)!;
    const first = foldHour(0);
    const second = foldHour(1, first);
    expect(pendingRollupsOf({ ...state!, key: 'k1', id: snapshots[0]!.id })).toEqual([first, second]);
    expect(second).toMatchObject({ samples: 60, upSamples: 55, downSeconds: 5 * 60, observedSeconds: 3600 });
  });

  it('when the same snapshot is folded again (a re-run cycle), then nothing changes', () => {
    const state = poll(everyMinute(0, 61))!;
    const again = rollLinkHour(state, buildSnapshot({ ingressBytes: state.ingressBytes, egressBytes: state.egressBytes, polledAt: state.lastPolledAt }));
    expect(again).toEqual({ hourRollup: state.hourRollup, pendingRollups: state.pendingRollups });
  });

  it('when a snapshot belongs to an earlier hour than the accumulator (clock skew), then it is ignored', () => {
    const state = poll(everyMinute(55, 62))!;
    expect(rollLinkHour(state, buildSnapshot({ polledAt: at(59) }))).toEqual({ hourRollup: state.hourRollup, pendingRollups: state.pendingRollups });
  });

  it('when a state written before rollups existed is polled, then its last sample is the baseline of the first hour', () => {
    const legacy: RollupBaseline = { lastPolledAt: at(9), ingressBytes: '1000', egressBytes: '2000' };
    const next = rollLinkHour(legacy, buildSnapshot({ ingressBytes: '1600', egressBytes: '2000', polledAt: at(10) }));
    expect(next.hourRollup).toMatchObject({ hour: hour(0), samples: 1, observedSeconds: 60, ingressBytes: '600', egressBytes: '0' });
  });

  it(`when hours keep finishing and are never flushed, then only the newest ${MAX_PENDING_HOURS} are kept`, () => {
    const hourly = Array.from({ length: MAX_PENDING_HOURS + 4 }, (_, h) => [h * 60, 'Connected', h] as const);
    const state = poll(hourly)!;
    expect(state.pendingRollups).toHaveLength(MAX_PENDING_HOURS);
    expect(state.pendingRollups?.[0]?.hour).toBe(hour(3));
  });
});

describe('acknowledgeFlushed', () => {
  const state = poll(everyMinute(0, 121))!;
  it.each([
    { name: 'every pending hour was written', flushed: [hour(0), hour(1)], left: undefined },
    { name: 'only the older hour was written', flushed: [hour(0)], left: [hour(1)] },
    { name: 'nothing was written', flushed: [] as string[], left: [hour(0), hour(1)] },
  ])('when $name, then the rest stays pending', ({ flushed, left }) => {
    const after = acknowledgeFlushed(state, new Set(flushed));
    expect(after.pendingRollups?.map((r) => r.hour)).toEqual(left);
    expect(after.hourRollup).toEqual(state.hourRollup);
  });
});

describe('the poller\'s rollover against the batch fold', () => {
  it('when a link is polled at any pace, with restarts and re-run cycles, then every hour equals what updateRollups makes of the same raw snapshots', async () => {
    const link = buildState({ gateway: 'gw-p', connection: 'c-p' });
    const step = fc.record({ gapSeconds: fc.integer({ min: 1, max: 5400 }), status: fc.constantFrom('Connected', 'Connected', 'NotConnected', 'Unknown'), bytes: fc.bigInt({ min: 0n, max: 10n ** 10n }), restart: fc.boolean(), rerun: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 150 }), async (steps) => {
        let t = Date.parse('2026-03-10T09:40:00.000Z');
        let counter = 0n;
        let state: RollupBaseline | undefined;
        const snapshots = [];
        for (const s of steps) {
          t += s.gapSeconds * 1000;
          counter = s.restart ? s.bytes % 1000n : counter + s.bytes;
          const snapshot = buildLinkSnapshot(link, { polledAt: new Date(t).toISOString(), status: s.status, ingressBytes: counter.toString(), egressBytes: (counter * 3n).toString() });
          snapshots.push(snapshot);
          for (let run = 0; run < (s.rerun ? 2 : 1); run++) {
            state = { lastPolledAt: snapshot.polledAt, ingressBytes: snapshot.ingressBytes, egressBytes: snapshot.egressBytes, ...rollLinkHour(state, snapshot) };
          }
        }
        const store = memoryRollupStore();
        await updateRollups(store, snapshots, new Date(t));
        const keyed = { ...state!, key: link.key, id: link.id };
        const fromPoller = [...pendingRollupsOf({ ...keyed, pendingRollups: [...(state!.pendingRollups ?? []), state!.hourRollup!] })];
        const hours = fromPoller.map((r) => r.hour);
        // Hours dropped past the pending bound are not compared; all others must match exactly.
        expect(fromPoller).toEqual(await store.readLinkHours(link.key, hours));
      }),
      { numRuns: 60 },
    );
  });
});
