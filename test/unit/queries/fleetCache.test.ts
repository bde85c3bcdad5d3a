import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../../src/app/queries/queryPorts';
import { fleetHandler } from '../../../src/functions/fleet';
import { buildState, fleetQueryDeps, NOW } from './builders';

const FLEET = Array.from({ length: 50 }, (_, i) => buildState({ gateway: `gw-${i % 5}`, connection: `c-${i}`, statusAt: NOW.toISOString() }));

/** Query deps whose link-state and rollup reads are counted and take a while, at a clock the test moves. */
function countingDeps(fail = false) {
  const clock = { at: NOW.getTime(), now: () => new Date(clock.at) };
  const reads = { links: 0, rollups: 0 };
  const base = fleetQueryDeps(FLEET);
  const deps: QueryDeps = {
    ...base,
    snapshots: { readRange: () => Promise.resolve([]) },
    audit: { list: () => Promise.resolve({ items: [] }) },
    links: {
      get: base.links.get,
      list: async () => {
        reads.links++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (fail) throw new Error('table unavailable');
        return FLEET;
      },
    },
    rollups: { ...base.rollups, readFleetHours: async (hours) => (reads.rollups++, base.rollups.readFleetHours(hours)) },
    clock,
  };
  return { deps, reads, clock };
}

const get = (handler: ReturnType<typeof fleetHandler>) => handler(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/fleet' }), new InvocationContext());

describe('GET /api/fleet is shared for a few seconds per process (single flight)', () => {
  it('when 20 requests arrive at once, then the fleet is read and summarized once, and all get the same answer', async () => {
    const { deps, reads } = countingDeps();
    const handler = fleetHandler(() => deps);
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(handler)));
    expect(reads).toEqual({ links: 1, rollups: 1 });
    expect(new Set(answers.map((a) => JSON.stringify(a.jsonBody))).size).toBe(1);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('a request 4 s later is served the same summary; one 5 s later reads again', async () => {
    const { deps, reads, clock } = countingDeps();
    const handler = fleetHandler(() => deps);
    await get(handler);
    clock.at += 4_000;
    await get(handler);
    expect(reads.links).toBe(1);
    clock.at += 1_000;
    await get(handler);
    expect(reads.links).toBe(2);
  });

  it('a failed read is not reused: the next request reads again', async () => {
    const { deps, reads } = countingDeps(true);
    const handler = fleetHandler(() => deps);
    expect((await get(handler)).status).toBe(500);
    expect((await get(handler)).status).toBe(500);
    expect(reads.links).toBe(2);
  });
});
