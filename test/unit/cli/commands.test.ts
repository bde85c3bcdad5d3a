import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src/cli/apiClient';
import { runCommand } from '../../../src/cli/commands';
import { parseArgs } from '../../../src/cli/parseArgs';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { fleetNames } from '../../../src/simulator/generateFleet';

// Demo-like rows: the simulator's naming (src/simulator/README.md "Fleet naming"), full-length incident ids and reasons.
const RG = `/subscriptions/${fleetNames.subscriptionId(0)}/resourceGroups/${fleetNames.resourceGroup(0)}/providers/Microsoft.Network`;
const vwanId = (g: number, c: number, l: number): string =>
  `${RG}/vpnGateways/${fleetNames.gateway(0, g)}/vpnConnections/${fleetNames.connection(0, g, c)}/vpnLinkConnections/${fleetNames.link(0, g, c, l)}`;
const links = Array.from({ length: 12 }, (_, i) => {
  const id = vwanId(i % 3, i % 2, i % 2);
  return {
    id,
    key: linkKeyFromId(id),
    kind: 'vwan',
    gateway: fleetNames.gateway(0, i % 3),
    site: `site-${fleetNames.connection(0, i % 3, i % 2)}-westeurope-branch-office`,
    connection: fleetNames.connection(0, i % 3, i % 2),
    link: fleetNames.link(0, i % 3, i % 2, i % 2),
    status: i === 0 ? 'NotConnected' : i === 1 ? 'Unknown' : 'Connected',
    statusSource: i < 2 ? 'get' : 'traffic',
    statusAgeSeconds: i === 0 ? 180 : i === 1 ? 420 : 20,
    statusReason: i === 1 ? 'unconfirmed: budget' : undefined,
    downForSeconds: i === 0 ? 3_900 : 0,
    incidentId: i === 0 ? 'inc-0f8fad5b-d9cb-469f-a165-70867728950e' : undefined,
    ingressBps: 1_234_567,
    egressBps: 89_000,
    // The first link's tunnel ends at a Huawei Cloud VPN connection (paired by address).
    peer: i === 0 ? { key: 'huawei-peer-key', kind: 'huawei', name: 'cn-north-4/vpn-branch-0042', status: 'NotConnected' } : undefined,
  };
});
const audit = links.slice(0, 4).map((l, i) => ({
  at: '2026-03-10T12:00:00.000Z',
  linkId: l.id,
  linkKey: l.key,
  source: 'operator',
  actor: 'alice.longname@contoso.example.com',
  step: 'decision',
  outcome: i === 0 ? 'reset' : 'skipped',
  reason:
    'gateway-blast-radius: 3 of 4 links on the gateway are down, more than the 50% a reset may touch at once',
}));

function fakeApi(): ApiClient & { readonly paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    get: (path) => {
      paths.push(path);
      return Promise.resolve(
        path === '/links'
          ? { links }
          : path === '/remediations'
            ? { items: audit }
            : { points: [], events: [] },
      );
    },
    post: (path) => Promise.resolve(void paths.push(path)),
  };
}

async function run(...argv: string[]): Promise<{ out: string; paths: string[] }> {
  const api = fakeApi();
  let out = '';
  await runCommand(api, parseArgs(argv), { out: (t) => (out += t), progress: () => undefined });
  return { out, paths: api.paths };
}

describe('CLI tables on a demo-like fleet', () => {
  it.each([['status'], ['remediations']])(
    '%s: every line fits 160 columns and shows names, not keys',
    async (command) => {
      const { out } = await run(command);
      const lines = out.trimEnd().split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(160);
      expect(out).toContain(fleetNames.gateway(0, 0));
      expect(out).not.toContain(links[0]!.key);
    },
  );

  it('status shows status age and source, gateway, site, connection/link, down-for, incident, the other end and throughput', async () => {
    const { out } = await run('status');
    expect(out.split('\n')[0]).toMatch(
      /^STATUS\s+CONFIRMED\s+GATEWAY\s+SITE\s+CONNECTION\/LINK\s+DOWN FOR\s+INCIDENT\s+OTHER END\s+IN\/OUT bps$/,
    );
    expect(out).toMatch(
      /NotConnected\s+3m get\s+vpngw-00-000\s+site-\S+\s+conn-00-000-00\/link-00-000-00-0\s+1h05m\s+inc-0f8fad5b\S*\s+NotConnected cn-no\S*\s+1\.2M\/89\.0k/,
    );
    expect(out).toMatch(/Unknown\s+7m get !budget\s+vpngw-00-001/);
    expect((await run('status', '--wide')).out).toContain('NotConnected cn-north-4/vpn-branch-0042');
    expect(out).toMatch(/Connected\s+<1m traffic\s+vpngw-00-002/);
    expect(out.trimEnd().split('\n').at(-1)).toBe('12 links, 2 not connected, 1 unconfirmed');
    expect(Math.max(...out.split('\n').map((line) => line.length))).toBeLessThanOrEqual(160);
  });

  it('remediations show the link name, outcome, reason and actor', async () => {
    const { out } = await run('remediations');
    expect(out.split('\n')[0]).toMatch(/^AT\s+LINK\s+STEP\s+OUTCOME\s+REASON\s+ACTOR$/);
    expect(out.split('\n')[1]).toMatch(
      /^2026-03-10T12:00:00\s+vpngw-00-000\/conn-00-000-00\/link-00-000-00-0\s+decision\s+reset\s+gateway-blast-radius\S* .*alice/,
    );
  });

  it('--wide adds the key and the id and cuts nothing; --json stays the API objects', async () => {
    const { out } = await run('status', '--wide');
    expect(out.split('\n')[0]).toMatch(/IN\/OUT bps\s+KEY\s+ID$/);
    expect(out).toContain(`${links[0]!.key}  ${links[0]!.id}`);
    expect(out).not.toContain('…');
    expect(JSON.parse((await run('status', '--json')).out)).toEqual(
      links.map((l) => JSON.parse(JSON.stringify(l)) as unknown),
    );
  });

  it.each([
    [
      'a name path',
      'vpngw-00-000/conn-00-000-00/link-00-000-00-0',
      '/links/vpngw-00-000%2Fconn-00-000-00%2Flink-00-000-00-0/history',
    ],
    ['an ARM id (keyed locally)', vwanId(0, 0, 0), `/links/${linkKeyFromId(vwanId(0, 0, 0))}/history`],
    ['a key', links[1]!.key, `/links/${links[1]!.key}/history`],
  ])('history by %s asks the API for that link', async (_how, ref, path) => {
    expect((await run('history', ref)).paths).toEqual([path]);
  });
});
