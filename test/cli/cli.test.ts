import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { LocalHost } from '../../src/local/host/localHost';
import type { QueryFixture } from '../integration/queries/seedQueryFixture';
import { startQueryStack } from '../integration/queries/startQueryStack';

let host: LocalHost;
let fleet: QueryFixture;

beforeAll(async () => {
  ({ host, fleet } = await startQueryStack(inject('azuriteConnectionString'), 'clitest'));
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string; progress: string[] }> {
  const result = { out: '', err: '', progress: [] as string[] };
  const code = await main(argv, { TUNNELWATCH_URL: host.apiUrl, TUNNELWATCH_KEY: host.functionKey }, {
    out: (t) => (result.out += t),
    err: (t) => (result.err += t),
    progress: (t) => result.progress.push(t),
  });
  return { code, ...result };
}

describe('the tunnelwatch CLI against a local stack', () => {
  it('status prints a table with the stuck link and a summary line', async () => {
    const { code, out } = await cli('status');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^STATUS\s+CONFIRMED\s+GATEWAY\s+SITE\s+CONNECTION\/LINK\s+DOWN FOR\s+INCIDENT\s+IN\/OUT bps$/);
    expect(out).toMatch(/NotConnected\s+\d+m get\s+gw-east\s+site-paris\s+conn-stuck\/conn-stuck-l1\s+40m\s+inc-stuck-1\s+0\/0/);
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(160);
    expect(out).toContain(`${fleet.all.length} links, 2 not connected`);
  });

  it('status --json prints the links for scripts', async () => {
    const { out } = await cli('status', '--json', '--status', 'NotConnected');
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ id: fleet.stuck.id, key: fleet.stuck.key })]);
  });

  it('history by ARM id follows continuation tokens and reports progress', async () => {
    const { code, out, err, progress } = await cli('history', fleet.stuck.id, '--json', '--top', '500');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toHaveLength(1440);
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it('history by gateway/connection/link answers for that link', async () => {
    const { code, out, err } = await cli('history', 'gw-east/conn-stuck/conn-stuck-l1', '--json', '--top', '500');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toHaveLength(1440);
  });

  it('history over a week prints hourly rollups', async () => {
    const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const { out } = await cli('history', fleet.stuck.key, '--from', from, '--to', new Date().toISOString());
    expect(out.split('\n')[0]).toMatch(/^HOUR\s+UPTIME %/);
  });

  it('events lists the transitions', async () => {
    const { out } = await cli('events', fleet.stuck.key);
    expect(out.trim().split('\n')).toHaveLength(4);
  });

  it('remediations prints the (empty) audit log table', async () => {
    const { code, out } = await cli('remediations', '--link', fleet.stuck.id);
    expect(code).toBe(0);
    expect(out).toMatch(/^AT\s+LINK\s+STEP\s+OUTCOME\s+REASON\s+ACTOR/);
  });

  it.each([
    [['history', 'no-such-key'], 1, /404 LINK.NOT_FOUND/],
    [['history', 'x', '--order', 'sideways'], 1, /400 REQUEST.INVALID/],
    [['frobnicate'], 2, /usage: tunnelwatch/],
    [['history'], 2, /usage: tunnelwatch history/],
  ])('%j exits with %i', async (argv, exitCode, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(exitCode);
    expect(err).toMatch(message);
  });

  it('exits 1 when the key is wrong and 3 when the API cannot be reached', async () => {
    const io = { out: () => undefined, err: () => undefined, progress: () => undefined };
    expect(await main(['status', '--url', host.apiUrl, '--key', 'wrong'], {}, io)).toBe(1);
    expect(await main(['status', '--url', 'http://127.0.0.1:9', '--key', 'k'], {}, io)).toBe(3);
    expect(await main(['status'], {}, io)).toBe(2);
  });

  it('runs as a program: output on stdout, no progress noise off a TTY, exit code 0', async () => {
    const run = promisify(execFile);
    const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
    const { stdout, stderr } = await run(tsx, [path.resolve(__dirname, '../../src/cli/main.ts'), 'status', '--url', host.apiUrl, '--key', host.functionKey], { timeout: 20_000 });
    expect(stdout).toContain('conn-stuck');
    expect(stderr).toBe('');
  });
});
