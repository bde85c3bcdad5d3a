import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updateRollups } from '../../support/updateRollups';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import { hourOf, MAX_SAMPLE_GAP_MS } from '../../../src/core/rollups/hourlyRollup';
import { toRollupPoint } from '../../../src/core/rollups/rollupPoint';
import { buildSnapshot, buildState, memoryRollupStore } from './builders';

/** The rollups recomputed from scratch from the raw series of one link (the definition, not the incremental code). */
function summarise(series: readonly LinkSnapshot[]): Map<string, { samples: number; up: number; observed: number; down: number; inBytes: bigint; outBytes: bigint; peakIn: number }> {
  const hours = new Map<string, { samples: number; up: number; observed: number; down: number; inBytes: bigint; outBytes: bigint; peakIn: number }>();
  series.forEach((s, i) => {
    const h = hours.get(hourOf(s.polledAt)) ?? { samples: 0, up: 0, observed: 0, down: 0, inBytes: 0n, outBytes: 0n, peakIn: 0 };
    const prev = series[i - 1];
    const gap = prev ? Date.parse(s.polledAt) - Date.parse(prev.polledAt) : 0;
    const dt = prev && gap <= MAX_SAMPLE_GAP_MS ? gap / 1000 : 0;
    const delta = (a: string, b: string): bigint => (dt === 0 ? 0n : BigInt(b) >= BigInt(a) ? BigInt(b) - BigInt(a) : BigInt(b));
    const din = prev ? delta(prev.ingressBytes, s.ingressBytes) : 0n;
    h.samples++;
    if (s.status === 'Connected') h.up++;
    h.observed += dt;
    if (s.status !== 'Connected') h.down += dt;
    h.inBytes += din;
    h.outBytes += prev ? delta(prev.egressBytes, s.egressBytes) : 0n;
    if (dt > 0) h.peakIn = Math.max(h.peakIn, Number(din * 8n) / dt);
    hours.set(hourOf(s.polledAt), h);
  });
  return hours;
}

const step = fc.record({
  gapSeconds: fc.integer({ min: 1, max: 900 }),
  status: fc.constantFrom('Connected', 'Connected', 'NotConnected', 'Connecting', 'Weird'),
  inBytes: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  restart: fc.boolean(),
  link: fc.integer({ min: 0, max: 2 }),
});

describe('hourly rollups', () => {
  it('when cycles of snapshots are folded in any grouping (and some cycles repeat), then every hour equals the raw data it summarises', async () => {
    const links = [0, 1, 2].map((i) => buildState({ gateway: `gw-${i}`, connection: `c-${i}` }));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 120 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }), fc.boolean(), async (steps, cuts, repeat) => {
        let t = Date.parse('2026-03-10T09:40:00.000Z');
        const counters = [0n, 0n, 0n];
        const all = steps.map((s) => {
          t += s.gapSeconds * 1000;
          counters[s.link] = s.restart ? s.inBytes % 1000n : counters[s.link]! + s.inBytes;
          const c = counters[s.link]!.toString();
          return buildSnapshot(links[s.link]!, { polledAt: new Date(t).toISOString(), status: s.status, ingressBytes: c, egressBytes: (BigInt(c) * 2n).toString() });
        });
        const store = memoryRollupStore();
        for (let i = 0, c = 0; i < all.length; c++) {
          const cycle = all.slice(i, i + cuts[c % cuts.length]!);
          await updateRollups(store, cycle, new Date(t));
          if (repeat) await updateRollups(store, cycle, new Date(t));
          i += cycle.length;
        }
        for (const link of links) {
          const expected = summarise(all.filter((s) => s.key === link.key));
          const actual = [...store.rows.values()].filter((r) => r.linkKey === link.key);
          expect(actual.map((r) => r.hour).sort()).toEqual([...expected.keys()].sort());
          for (const r of actual) {
            const e = expected.get(r.hour)!;
            expect([r.samples, r.upSamples, r.observedSeconds, r.downSeconds, r.ingressBytes, r.egressBytes, r.peakIngressBps]).toEqual([
              e.samples, e.up, e.observed, e.down, e.inBytes.toString(), e.outBytes.toString(), e.peakIn,
            ]);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('when an hour had 45 connected and 15 down one-minute samples, then it shows 75% uptime, 15 minutes down and the average rate', async () => {
    const link = buildState();
    const store = memoryRollupStore();
    const snapshots = Array.from({ length: 61 }, (_, i) =>
      buildSnapshot(link, {
        polledAt: new Date(Date.parse('2026-03-10T09:59:00.000Z') + i * 60_000).toISOString(),
        status: i > 45 ? 'NotConnected' : 'Connected',
        ingressBytes: String(i * 7500),
        egressBytes: '0',
      }),
    );
    await updateRollups(store, snapshots, new Date('2026-03-10T11:00:00Z'));
    const hour10 = [...store.rows.values()].find((r) => r.hour === '2026-03-10T10:00:00.000Z')!;
    expect(toRollupPoint(hour10)).toMatchObject({ samples: 60, uptimePercent: 75, minutesDown: 15, ingressBytes: '450000', avgIngressBps: 1000, peakIngressBps: 1000 });
  });
});
