import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../src/local/stack/localStack';
import { tunnelAlert } from '../faults/support/tunnelAlert';

const root = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The alert webhook on `npm start`'s stack, at its edges: an alert before the first poll, a combinatorial alert
 * next to health probes, and a forged alert naming invented connections. The poll runs once a minute, at a second
 * chosen so the first poll comes about 20 s after start: the test knows when link state is still empty.
 */
describe('npm start: alerts at the edges', () => {
  let stack: LocalStack;
  const lines: string[] = [];
  const post = (body: unknown) =>
    fetch(`${stack.host.apiUrl}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-functions-key': stack.host.functionKey },
      body: JSON.stringify(body),
    });
  const linkCount = async () =>
    (
      (await (await fetch(`${stack.host.apiUrl}/links?code=${stack.host.functionKey}`)).json()) as {
        links: unknown[];
      }
    ).links.length;

  beforeAll(async () => {
    const second = (new Date().getSeconds() + 20) % 60;
    stack = await startLocalStack({
      functionsDir: path.join(root, 'src', 'functions'),
      hostJsonPath: path.join(root, 'host.json'),
      port: 0,
      settings: { TW_POLL_SCHEDULE: `${second} * * * * *`, TW_REMEDIATION_MODE: 'dry-run' },
      log: (line) => lines.push(line),
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('when an alert arrives before the first poll, then it is answered 503 Retry-After (never 500, never a false duplicate) and a retry after the poll queues it', async () => {
    // The stuck link: a gateway alert is expanded only to links link state records as down.
    const stuck = stack.demo!.stuckLinkId;
    const gateway = stuck.split('/vpnConnections/')[0]!;
    const connection = stuck.split('/vpnConnections/')[1]!.split('/')[0]!;
    const alert = tunnelAlert(
      gateway,
      connection,
      '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.AlertsManagement/alerts/e2e-early',
    );
    expect(await linkCount()).toBe(0);
    const early = await post(alert);
    expect(
      [early.status, early.headers.get('retry-after')],
      `host log:\n${lines.slice(-20).join('\n')}`,
    ).toEqual([503, '30']);
    const retry = await post(alert);
    expect(retry.status).toBe(503);
    expect(((await retry.json()) as { status: string }).status).toBe('retry');
    const started = Date.now();
    while ((await linkCount()) === 0 && Date.now() - started < 45_000) await sleep(500);
    const later = await post(alert);
    expect(later.status).toBe(202);
    expect(((await later.json()) as { linkIds: string[] }).linkIds).toEqual([stuck]);
  }, 60_000);

  it('when combinatorial alerts arrive, then each is refused in well under a second while /api/health keeps answering', async () => {
    const dimensions = [
      ...Array.from({ length: 1000 }, (_, i) => ({ name: 'ConnectionName', value: `conn-${i}` })),
      ...Array.from({ length: 1000 }, (_, i) => ({ name: 'RemoteIP', value: `10.0.${i >> 8}.${i & 255}` })),
    ];
    const gateway = stack.simulator!.listLinks()[0]!.id.split('/vpnConnections/')[0]!;
    const alert = tunnelAlert(gateway, 'x', '/alerts/e2e-combinatorial') as {
      data: { alertContext: { condition: { allOf: Array<{ dimensions: unknown[] }> } } };
    };
    alert.data.alertContext.condition.allOf[0]!.dimensions = dimensions;
    const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
      const t = performance.now();
      const value = await work();
      return { ms: performance.now() - t, value };
    };
    const alerts = Array.from({ length: 5 }, () => timed(async () => (await post(alert)).status));
    const probes = Array.from({ length: 20 }, (_, i) =>
      sleep(i * 20).then(() => timed(async () => (await fetch(`${stack.host.apiUrl}/health`)).status)),
    );
    const [answers, health] = await Promise.all([Promise.all(alerts), Promise.all(probes)]);
    expect(answers.map((a) => a.value)).toEqual([400, 400, 400, 400, 400]);
    // Well under a second on an idle machine; the bound leaves room for a 2-core machine running another suite's stack
    // beside this one, and still tells apart a million-combination expansion (which takes many seconds).
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(3000);
    expect(health.every((h) => h.value === 200)).toBe(true);
    expect(Math.max(...health.map((h) => h.ms))).toBeLessThan(3000);
  }, 30_000);

  it('when a forged alert names 50 invented connections in scope, then it costs no more than a handful of ARM reads', async () => {
    await sleep(3000); // let the previous test's queued request settle
    const rg = stack.simulator!.listLinks()[0]!.id.split('/providers/')[0]!;
    const invented = Array.from(
      { length: 50 },
      (_, i) => `${rg}/providers/Microsoft.Network/connections/invented-${i}`,
    );
    const alert = tunnelAlert(invented[0]!, 'x', '/alerts/e2e-forged') as {
      data: { essentials: { alertTargetIDs: string[] } };
    };
    alert.data.essentials.alertTargetIDs = invented;
    stack.simulator!.resetCalls();
    const response = await post(alert);
    expect([response.status, ((await response.json()) as { reason: string }).reason]).toEqual([
      200,
      'no-known-links',
    ]);
    await sleep(2000);
    const reads = Object.values(stack.simulator!.calls().byOperation).reduce((a, b) => a + b, 0);
    expect(reads).toBeLessThanOrEqual(3);
  }, 30_000);
});
