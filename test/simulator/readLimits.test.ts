import { afterEach, describe, expect, it } from 'vitest';
import { fleetNames, startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator';
import { API, manualClock, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
const gatewayUrl = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000?${API}`;
const REMAINING = 'x-ms-ratelimit-remaining-subscription-reads';

describe('read limits: ARM’s token bucket and Microsoft.Network’s 10,000 reads per 5 minutes', () => {
  const clock = manualClock();
  let sim: SimulatorHandle | undefined;
  const start = async (options: SimulatorOptions): Promise<SimulatorHandle> => (sim = await startSimulator({ fleet: '1x1x1x1', now: clock.now, ...options }));
  const read = (s: SimulatorHandle): ReturnType<typeof rawRequest> => rawRequest(s, 'GET', gatewayUrl);
  afterEach(() => sim?.stop());

  it('by default the header is the smaller remaining of the two: the bucket’s 249, or the window’s 9,999 when the bucket is larger', async () => {
    expect((await read(await start({}))).headers[REMAINING]).toBe('249');
    await sim!.stop();
    expect((await read(await start({ readBucket: { burst: 50_000 } }))).headers[REMAINING]).toBe('9999');
  });

  it('when the window is spent, then reads get 429 with Retry-After until the oldest read leaves the 5-minute window', async () => {
    const s = await start({ readBucket: { burst: 1000 }, readWindow: { limit: 3 } });
    for (const [at, remaining] of [[0, '2'], [100_000, '1'], [100_000, '0']] as const) {
      clock.advance(at);
      const ok = await read(s);
      expect([ok.status, ok.headers[REMAINING]]).toEqual([200, remaining]);
    }
    clock.advance(50_000);
    const refused = await read(s);
    expect([refused.status, refused.headers['retry-after'], refused.headers[REMAINING]]).toEqual([429, '50', '0']);
    expect(refused.json()).toEqual({ error: { code: 'SubscriptionRequestsThrottled', message: expect.stringContaining("'Microsoft.Network'") } });
    clock.advance(50_000); // the first read (at 0) is now 300 s old
    expect((await read(s)).status).toBe(200);
    const again = await read(s);
    expect([again.status, again.headers['retry-after']]).toEqual([429, '100']);
  });

  it('a read refused by the bucket does not count against the window, and one refused by the window takes no token', async () => {
    const s = await start({ readBucket: { burst: 2, refillPerSecond: 1 }, readWindow: { limit: 4 } });
    expect((await read(s)).status).toBe(200);
    expect((await read(s)).status).toBe(200);
    const byBucket = await read(s);
    expect([byBucket.status, byBucket.headers['retry-after']]).toEqual([429, '1']);
    expect(byBucket.json().error.message).not.toContain('Microsoft.Network');
    clock.advance(2000);
    expect((await read(s)).headers[REMAINING]).toBe('1'); // window 4 - 3 = 1, bucket 2 - 1 = 1
    expect((await read(s)).headers[REMAINING]).toBe('0');
    clock.advance(2000);
    expect((await read(s)).status).toBe(429); // window spent; the bucket refilled to 2
    const unauthenticated = await rawRequest(s, 'GET', gatewayUrl, { authorization: null });
    expect([unauthenticated.status, unauthenticated.headers[REMAINING]]).toEqual([401, '0']);
  });

  it('writes have Microsoft.Network’s window too (1,000 per 5 minutes by default)', async () => {
    const s = await start({ writeWindow: { limit: 1 }, lroDurationMs: 0 });
    const reset = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000/vpnConnections/conn-00-000-00/vpnLinkConnections/link-00-000-00-0/resetconnection?${API}`;
    expect((await rawRequest(s, 'POST', reset)).status).toBe(202);
    const refused = await rawRequest(s, 'POST', reset);
    expect([refused.status, refused.headers['retry-after'], refused.headers['x-ms-ratelimit-remaining-subscription-writes']]).toEqual([429, '300', '0']);
  });
});
