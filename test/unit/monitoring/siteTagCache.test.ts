import { describe, expect, it } from 'vitest';
import { createKeyedCache, createSiteTagCache } from '../../../src/adapters/arm/siteTagCache';

const SITE = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnSites/branch-1';

function harness(answer: () => Promise<readonly unknown[]>): {
  cache: ReturnType<typeof createSiteTagCache>;
  lists: string[];
  clock: { t: number };
} {
  const lists: string[] = [];
  const clock = { t: 0 };
  const cache = createSiteTagCache(
    (subscriptionId) => {
      lists.push(subscriptionId);
      return answer();
    },
    () => clock.t,
    50_000,
  );
  return { cache, lists, clock };
}

describe('createSiteTagCache', () => {
  it('when many gateways of a subscription ask at once, then one Resources_List answers them all, keyed by normalized site id', async () => {
    const { cache, lists } = harness(async () => [
      { id: SITE, tags: { 'tunnelwatch-remediate': 'false' } },
      { id: `${SITE}-untagged` },
      { id: 7 },
    ]);
    const maps = await Promise.all([cache.get('s1'), cache.get('S1'), cache.get('s1')]);
    expect(lists).toEqual(['s1']);
    expect(maps[1]?.get(SITE.toLowerCase())).toEqual({ 'tunnelwatch-remediate': 'false' });
    expect(maps[0]?.size).toBe(1);
  });

  it('when the time to live has passed, then the next poll lists the sites again (tag changes are seen within a cycle)', async () => {
    const { cache, lists, clock } = harness(async () => []);
    await cache.get('s1');
    clock.t = 49_999;
    await cache.get('s1');
    clock.t = 50_000;
    await cache.get('s1');
    await cache.get('s2');
    expect(lists).toEqual(['s1', 's1', 's2']);
  });

  it('when the list fails, then every caller sees the error and it is not re-sent per gateway until the time to live passes', async () => {
    const { cache, lists, clock } = harness(() => Promise.reject(new Error('AuthorizationFailed')));
    await expect(cache.get('s1')).rejects.toThrow('AuthorizationFailed');
    await expect(cache.get('s1')).rejects.toThrow('AuthorizationFailed');
    clock.t = 60_000;
    await expect(cache.get('s1')).rejects.toThrow('AuthorizationFailed');
    expect(lists).toEqual(['s1', 's1']);
  });
});

/** A keyed cache on a settable clock that records when it loads and fails while `state.fail` is set. */
function keyedHarness(ttlMs: number, failureTtlMs: number, keepWhile?: (loadedAt: number) => boolean) {
  const state = { t: 0, fail: false, loads: [] as number[] };
  const cache = createKeyedCache(
    (key) => {
      state.loads.push(state.t);
      return state.fail ? Promise.reject(new Error('throttled')) : Promise.resolve(key);
    },
    () => state.t,
    ttlMs,
    failureTtlMs,
    keepWhile,
  );
  return { cache, state };
}

describe('createKeyedCache', () => {
  it('when a load fails and a shorter failure time to live is set, then the key is loaded again once that passes', async () => {
    const { cache, state } = keyedHarness(3_600_000, 50_000);
    state.fail = true;
    await expect(cache.get('gw')).rejects.toThrow('throttled');
    state.t = 49_999;
    await expect(cache.get('GW')).rejects.toThrow('throttled');
    state.fail = false;
    state.t = 50_000;
    await expect(cache.get('gw')).resolves.toBe('gw');
    state.t = 3_000_000;
    await expect(cache.get('gw')).resolves.toBe('gw');
    expect(state.loads).toEqual([0, 50_000]);
  });

  it('when keepWhile holds, then a loaded value outlives its time to live, but a failed load is retried as usual', async () => {
    const { cache, state } = keyedHarness(50_000, 50_000, (loadedAt) => state.t - loadedAt < 100_000);
    await cache.get('s1');
    state.t = 99_999;
    await cache.get('s1');
    state.t = 100_000;
    state.fail = true;
    await expect(cache.get('s1')).rejects.toThrow('throttled');
    state.t = 150_000;
    state.fail = false;
    await expect(cache.get('s1')).resolves.toBe('s1');
    expect(state.loads).toEqual([0, 100_000, 150_000]);
  });
});
