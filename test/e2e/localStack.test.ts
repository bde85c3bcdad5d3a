import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkKeyFromId } from '../../src/core/ids/linkKey';
import { DEMO_HUAWEI_PROJECT_ID } from '../../src/local/stack/demoFleet';
import { DEMO_SETTINGS, startLocalStack, type LocalStack } from '../../src/local/stack/localStack';
import { rawRequest } from '../simulator/simHttp';

const root = path.resolve(__dirname, '../..');

/**
 * What `npm start` promises, with its own demo settings (poll every 10 s, stuck after 30 s): the stuck demo
 * link is reset automatically and shows as recovered within two minutes, the API and dashboard answer at
 * the printed URLs, and stop() leaves nothing running.
 */
describe('npm start: the local stack', () => {
  let stack: LocalStack;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack({
      functionsDir: path.join(root, 'src', 'functions'),
      hostJsonPath: path.join(root, 'host.json'),
      port: 0,
      log: (line) => lines.push(line),
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('when the demo runs, then the stuck link is reset once by itself and shows as recovered within two minutes', async () => {
    expect(DEMO_SETTINGS.TW_POLL_SCHEDULE).toBe('*/10 * * * * *');
    const sim = stack.simulator!;
    const stuckId = stack.demo!.stuckLinkId;
    const key = linkKeyFromId(stuckId);
    const started = Date.now();
    let link: { status?: string; incidentId?: string; lastResetAt?: string } = {};
    while (Date.now() - started < 120_000) {
      const response = await fetch(`${stack.host.apiUrl}/links/${key}`, { headers: { 'x-functions-key': stack.host.functionKey } });
      if (response.status === 200) link = (await response.json()) as typeof link;
      if (link.status === 'Connected' && link.lastResetAt && !link.incidentId) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(link, `host log:\n${lines.slice(-30).join('\n')}`).toMatchObject({ status: 'Connected' });
    expect(link.lastResetAt).toBeDefined();
    expect(link.incidentId).toBeUndefined();
    expect(sim.calls().resets[stuckId]).toBe(1);
    expect(sim.listLinks().find((l) => l.id === stuckId)?.status).toBe('Connected');
    expect(lines.some((line) => /Functions\.poll .* cycle: \d+ links/.test(line))).toBe(true);
  }, 130_000);

  it('when the demo runs, then the stuck Huawei connection is reset exactly once, comes back ACTIVE, and /api/links lists every Huawei connection', async () => {
    const sim = stack.simulator!;
    const stuckId = stack.demo!.stuckHuaweiConnectionId!;
    const key = linkKeyFromId(stuckId);
    const { apiUrl, functionKey } = stack.host;
    const started = Date.now();
    let link: { status?: string; providerStatus?: string; kind?: string; incidentId?: string; lastResetAt?: string } = {};
    while (Date.now() - started < 120_000) {
      const response = await fetch(`${apiUrl}/links/${key}`, { headers: { 'x-functions-key': functionKey } });
      if (response.status === 200) link = (await response.json()) as typeof link;
      if (link.providerStatus === 'ACTIVE' && link.lastResetAt && !link.incidentId) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(link, `host log:\n${lines.slice(-30).join('\n')}`).toMatchObject({ kind: 'huawei', status: 'Connected', providerStatus: 'ACTIVE' });
    expect(link.lastResetAt).toBeDefined();
    expect(sim.calls().resets[stuckId]).toBe(1);
    expect(sim.listLinks().find((l) => l.id === stuckId)?.status).toBe('ACTIVE');
    const listed = (await (await fetch(`${apiUrl}/links?top=500`, { headers: { 'x-functions-key': functionKey } })).json()) as { links: Array<{ id: string; kind: string }> };
    const huaweiIds = sim.listLinks().filter((l) => l.kind === 'huawei').map((l) => l.id).sort();
    expect(huaweiIds.length).toBeGreaterThan(0);
    expect(listed.links.filter((l) => l.kind === 'huawei').map((l) => l.id).sort()).toEqual(huaweiIds);
  }, 130_000);

  it('when an operator opens the printed URLs, then the API needs the key, health does not, and the dashboard loads', async () => {
    const { apiUrl, functionKey } = stack.host;
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
    expect((await fetch(`${apiUrl}/links`)).status).toBe(401);
    const links = await fetch(`${apiUrl}/links?code=${functionKey}`);
    expect(links.status).toBe(200);
    const dashboard = await fetch(stack.dashboardUrl);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-type')).toMatch(/text\/html/);
    const audit = (await (await fetch(`${apiUrl}/remediations?code=${functionKey}`)).json()) as { items: Array<{ outcome: string; linkId?: string }> };
    expect(audit.items.some((entry) => entry.outcome === 'accepted' && entry.linkId === stack.demo!.stuckLinkId)).toBe(true);
  });

  it("when someone calls the simulated Huawei VPN API unsigned, then it answers 401 as Huawei's API gateway does", async () => {
    expect(stack.huawei).toMatchObject({ scopes: `ap-southeast-1:${DEMO_HUAWEI_PROJECT_ID}`, endpoint: stack.simulator!.url });
    const unsigned = await rawRequest(stack.simulator!, 'GET', `/v5/${DEMO_HUAWEI_PROJECT_ID}/vpn-connection`, { authorization: null });
    expect([unsigned.status, unsigned.json().error_code]).toEqual([401, 'APIGW.0301']);
  });

  it('when the stack stops, then nothing is left listening', async () => {
    const { apiUrl } = stack.host;
    const simUrl = stack.simulator!.url;
    await stack.stop();
    await expect(fetch(`${apiUrl}/health`)).rejects.toThrow();
    await expect(fetch(`${simUrl}/_sim/links`)).rejects.toThrow();
  });
});
