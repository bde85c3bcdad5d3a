/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditReader, QueryDeps } from '../../../src/app/queries/queryPorts';
import { buildQueryDeps } from '../../../src/composition/queryDeps';
import { eventsHandler } from '../../../src/functions/events';
import { healthHandler } from '../../../src/functions/health';
import { openApiHandler } from '../../../src/functions/openapi';
import { historyHandler } from '../../../src/functions/history';
import { linkDetailHandler } from '../../../src/functions/linkDetail';
import { linksHandler } from '../../../src/functions/links';
import { remediationsHandler } from '../../../src/functions/remediations';
import type { HttpHandler } from '../../../src/functions/http/httpErrors';
import { seedQueryFixture, type QueryFixture } from './seedQueryFixture';

const NOW = new Date('2026-03-10T12:00:30.000Z');
const audit: AuditReader & { calls: unknown[] } = {
  calls: [],
  list: async (query) => {
    audit.calls.push(query);
    return query.continuationToken === undefined
      ? {
          items: [{ at: '2026-03-10T11:50:00Z', outcome: 'skipped', reason: 'cooldown' }],
          continuationToken: 'store-page-2',
        }
      : { items: [{ at: '2026-03-10T11:00:00Z', outcome: 'reset' }] };
  },
};
let deps: QueryDeps;
let fleet: QueryFixture;

beforeAll(async () => {
  deps = {
    ...buildQueryDeps(inject('azuriteConnectionString'), 'qroutes', audit),
    clock: { now: () => NOW },
  };
  fleet = await seedQueryFixture(inject('azuriteConnectionString'), 'qroutes', NOW);
});

async function call(
  handler: (d: () => QueryDeps) => HttpHandler,
  path: string,
  params: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  const response: HttpResponseInit = await handler(() => deps)(
    new HttpRequest({ method: 'GET', url: `http://127.0.0.1/api${path}`, params }),
    new InvocationContext({ functionName: 'test' }),
  );
  return {
    status: response.status ?? 200,
    body: response.jsonBody ?? response.body,
    headers: (response.headers ?? {}) as Record<string, string>,
  };
}

describe('GET /api/links', () => {
  it('lists every link with id and key, counts by status and the stuck link with its down duration and incident', async () => {
    const { status, body } = await call(linksHandler, '/links');
    expect(status).toBe(200);
    expect(body.total).toBe(fleet.all.length);
    expect(body.countsByStatus).toEqual({ Connected: 6, NotConnected: 1, Connecting: 1 });
    const stuck = body.links.find((l: any) => l.key === fleet.stuck.key);
    expect(stuck).toMatchObject({
      id: fleet.stuck.id,
      status: 'NotConnected',
      downForSeconds: 40 * 60,
      incidentId: 'inc-stuck-1',
      gateway: 'gw-east',
      statusSource: 'get',
      statusAgeSeconds: 120,
    });
    expect(Date.parse(stuck.statusAt)).toBe(Date.parse(stuck.lastPolledAt) - 120_000);
  });

  it.each([
    ['status=notconnected', 1],
    ['gateway=GW-NORTH', 2],
    ['site=site-lyon', 1],
    ['gateway=gw-east&status=Connected', 1],
    ['gateway=nowhere', 0],
    ['q=STUCK', 1],
    ['q=gw-north', 2],
    ['q=lyon&status=Connected', 1],
  ])('filters by %s', async (query, count) => {
    const { body } = await call(linksHandler, `/links?${query}`);
    expect(body.links).toHaveLength(count);
  });

  it('pages through every link with continuation tokens, each link once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { body } = await call(linksHandler, `/links?top=3${token ? `&continuationToken=${token}` : ''}`);
      seen.push(...body.links.map((l: any) => l.key));
      token = body.continuationToken;
      if (!token) break;
    }
    expect(seen.sort()).toEqual(fleet.all.map((l) => l.key).sort());
  });

  it('answers 400 naming continuationToken when the token was altered or belongs to other filters', async () => {
    const { body } = await call(linksHandler, '/links?top=2');
    const altered = `${body.continuationToken.slice(0, -3)}abc`;
    for (const url of [
      `/links?top=2&continuationToken=${altered}`,
      `/links?top=2&status=Connected&continuationToken=${body.continuationToken}`,
    ]) {
      const res = await call(linksHandler, url);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'REQUEST.INVALID', parameters: ['continuationToken'] });
    }
  });

  it('answers 400 naming each bad parameter', async () => {
    const res = await call(linksHandler, '/links?top=0&status=no%20such');
    expect(res.status).toBe(400);
    expect(res.body.error.parameters.sort()).toEqual(['status', 'top']);
  });
});

describe('GET /api/links/{key}', () => {
  it('shows state, configuration, recent transitions newest first and the open incident', async () => {
    const { status, body } = await call(linkDetailHandler, `/links/${fleet.stuck.key}`, {
      key: fleet.stuck.key,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: fleet.stuck.id,
      key: fleet.stuck.key,
      configuration: {
        mode: 'Default',
        protocol: 'IKEv2',
        bandwidthMbps: 100,
        bgp: true,
        dpdTimeoutSeconds: 45,
      },
      openIncident: { id: 'inc-stuck-1' },
    });
    expect(body.recentTransitions.map((t: any) => t.to)).toEqual([
      'NotConnected',
      'Connected',
      'NotConnected',
    ]);
  });

  it.each([['not-a-key'], ['L3N1YnNjcmlwdGlvbnMvMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDk5']])(
    'answers 404 LINK.NOT_FOUND for unknown key %s',
    async (key) => {
      const res = await call(linkDetailHandler, `/links/${key}`, { key });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('LINK.NOT_FOUND');
    },
  );
});

describe('GET /api/links/{key}/history', () => {
  const history = (query: string, key = fleet.stuck.key) =>
    call(historyHandler, `/links/${key}/history?${query}`, { key });

  it('serves the last 24 hours of raw snapshots oldest first by default (1,440 points)', async () => {
    const { status, body } = await history('');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      resolution: 'raw',
      order: 'asc',
      link: { id: fleet.stuck.id, key: fleet.stuck.key },
    });
    expect(body.points).toHaveLength(1440);
    expect(body.points[0].polledAt < body.points[1439].polledAt).toBe(true);
    expect(body.points[1439]).toMatchObject({ status: 'NotConnected', ingressBps: 0 });
  });

  it('pages newest first through a window, without gaps or repeats', async () => {
    const window = 'from=2026-03-10T10:00:00Z&to=2026-03-10T12:00:00Z&order=desc&top=50';
    const times: string[] = [];
    let token = '';
    for (let page = 0; page < 10; page++) {
      const { body } = await history(`${window}${token ? `&continuationToken=${token}` : ''}`);
      times.push(...body.points.map((p: any) => p.polledAt));
      token = body.continuationToken ?? '';
      if (!token) break;
    }
    expect(times).toHaveLength(120);
    expect(new Set(times).size).toBe(120);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('serves hourly rollups for long windows (auto) with uptime, minutes down and bytes', async () => {
    const { body } = await history('from=2026-03-07T12:00:00Z&to=2026-03-10T12:00:30Z');
    expect(body.resolution).toBe('hour');
    const last = body.points.at(-1);
    expect(last).toMatchObject({ hour: '2026-03-10T12:00:00.000Z', samples: 1, uptimePercent: 0 });
    const eleven = body.points.find((p: any) => p.hour === '2026-03-10T11:00:00.000Z');
    expect(eleven).toMatchObject({
      samples: 60,
      minutesDown: 40,
      uptimePercent: 33.33,
      ingressBytes: '3600000',
      avgIngressBps: 8000,
    });
  });

  it('pages hourly rollups with continuation tokens', async () => {
    const first = await history('resolution=hour&from=2026-03-09T10:30:00Z&to=2026-03-10T12:00:30Z&top=10');
    const second = await history(
      `resolution=hour&from=2026-03-09T10:30:00Z&to=2026-03-10T12:00:30Z&top=10&continuationToken=${first.body.continuationToken}`,
    );
    expect(first.body.points[0].hour).toBe('2026-03-09T10:00:00.000Z');
    expect(second.body.points[0].hour).toBe('2026-03-09T20:00:00.000Z');
  });

  it('renders CSV with a header row and the continuation in a header', async () => {
    const { status, body, headers } = await history(
      'format=csv&top=3&from=2026-03-10T11:00:00Z&to=2026-03-10T12:00:00Z',
    );
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/csv/);
    const lines = String(body).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'polledAt,status,statusSource,statusAt,statusReason,provisioningState,ingressBytes,egressBytes,ingressBps,egressBps,counterRestart',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^2026-03-10T11:00:30.000Z,Connected,traffic,2026-03-10T11:00:30.000Z,,Succeeded,\d+,\d+,8000,4000,$/);
    expect(headers['x-continuation-token']).toBeTruthy();
  });

  it.each([
    ['from=tomorrow', 'from'],
    ['order=sideways', 'order'],
    ['top=100000', 'top'],
    ['format=pdf', 'format'],
    ['resolution=raw&from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z', 'from'],
    ['continuationToken=abc.def', 'continuationToken'],
  ])('answers 400 for %s naming %s', async (query, parameter) => {
    const res = await history(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'REQUEST.INVALID', parameters: [parameter] });
  });

  it('answers 400 for a token issued for another link', async () => {
    const { body } = await history('top=5', fleet.healthy.key);
    const res = await history(`top=5&continuationToken=${body.continuationToken}`);
    expect(res.status).toBe(400);
  });

  it("keeps the first page's window when the default window has moved with the clock", async () => {
    const first = await history('top=1000');
    const fixed = deps;
    deps = { ...fixed, clock: { now: () => new Date(NOW.getTime() + 90_000) } };
    const second = await history(`top=1000&continuationToken=${first.body.continuationToken}`).finally(
      () => (deps = fixed),
    );
    expect(second.status).toBe(200);
    expect(second.body.from).toBe(first.body.from);
    expect(second.body.points).toHaveLength(440);
  });

  it('answers 404 for an unknown link', async () => {
    expect((await history('', 'nope')).status).toBe(404);
  });
});

describe('GET /api/links/{key}/events and /api/remediations', () => {
  it('lists transitions newest first and pages them', async () => {
    const first = await call(eventsHandler, `/links/${fleet.stuck.key}/events?top=2`, {
      key: fleet.stuck.key,
    });
    expect(first.body.events).toEqual([
      { at: fleet.stuck.downSince, from: 'Connected', to: 'NotConnected' },
      { at: '2026-03-10T07:10:30.000Z', from: 'NotConnected', to: 'Connected' },
    ]);
    const second = await call(
      eventsHandler,
      `/links/${fleet.stuck.key}/events?top=2&continuationToken=${first.body.continuationToken}`,
      { key: fleet.stuck.key },
    );
    expect(second.body.events).toHaveLength(1);
    expect(second.body.continuationToken).toBeUndefined();
  });

  it('answers 400 for a bad events window and 404 for an unknown link', async () => {
    expect(
      (await call(eventsHandler, `/links/${fleet.stuck.key}/events?to=soon`, { key: fleet.stuck.key }))
        .status,
    ).toBe(400);
    expect((await call(eventsHandler, '/links/zzz/events', { key: 'zzz' })).status).toBe(404);
  });

  it('passes filters to the audit log and wraps its continuation in a signed token', async () => {
    const first = await call(
      remediationsHandler,
      `/remediations?link=${encodeURIComponent(fleet.stuck.id)}&outcome=skipped&top=1`,
    );
    expect(first.body.items).toEqual([
      { at: '2026-03-10T11:50:00Z', outcome: 'skipped', reason: 'cooldown' },
    ]);
    expect(first.body.continuationToken).not.toContain('store-page-2');
    const second = await call(
      remediationsHandler,
      `/remediations?link=${encodeURIComponent(fleet.stuck.id)}&outcome=skipped&top=1&continuationToken=${first.body.continuationToken}`,
    );
    expect(audit.calls.at(-1)).toMatchObject({
      linkKey: fleet.stuck.key,
      outcome: 'skipped',
      top: 1,
      continuationToken: 'store-page-2',
    });
    expect(second.body.items).toHaveLength(1);
    const tampered = await call(
      remediationsHandler,
      `/remediations?continuationToken=${first.body.continuationToken}`,
    );
    expect(tampered.status).toBe(400);
  });

  it('accepts a link by name path, in the remediations filter and in a {key} segment left percent-encoded by the host', async () => {
    await call(
      remediationsHandler,
      `/remediations?link=${encodeURIComponent('gw-east/conn-stuck/conn-stuck-l1')}`,
    );
    expect(audit.calls.at(-1)).toMatchObject({ linkKey: fleet.stuck.key });
    const events = await call(eventsHandler, '/links/gw-east%2Fconn-stuck%2Fconn-stuck-l1/events', {
      key: 'gw-east%2Fconn-stuck%2Fconn-stuck-l1',
    });
    expect(events.body.link).toEqual({ id: fleet.stuck.id, key: fleet.stuck.key });
    expect(
      (await call(remediationsHandler, '/remediations?link=gw-east%2Fno-such%2Flink')).body.error.code,
    ).toBe('LINK.NOT_FOUND');
  });

  it('answers 400 naming link, outcome and top', async () => {
    const res = await call(remediationsHandler, '/remediations?link=%3F&outcome=%3D1&top=abc');
    expect(res.body.error.parameters.sort()).toEqual(['link', 'outcome', 'top']);
  });
});

describe('GET /api/health', () => {
  it('answers ok without touching storage', async () => {
    expect(await healthHandler()).toMatchObject({ status: 200, jsonBody: { status: 'ok' } });
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every route of the HTTP API', async () => {
    const response = await openApiHandler();
    const paths = Object.keys((response.jsonBody as { paths: object }).paths);
    expect(paths.sort()).toEqual([
      '/alerts',
      '/dashboard',
      '/fleet',
      '/health',
      '/health/details',
      '/links',
      '/links/{key}',
      '/links/{key}/events',
      '/links/{key}/history',
      '/links/{key}/reset',
      '/openapi.json',
      '/remediations',
    ]);
  });
});
