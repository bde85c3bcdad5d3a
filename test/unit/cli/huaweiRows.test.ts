import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src/cli/apiClient';
import { runCommand } from '../../../src/cli/commands';
import { parseArgs } from '../../../src/cli/parseArgs';
import { huaweiConnectionId } from '../../../src/core/huawei/huaweiId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';

// A Huawei row as GET /api/links serves it: gateway and site by name, ids beside them, no counters (rates null).
const ID = huaweiConnectionId({ region: 'ap-southeast-1', projectId: '5e1f0c2a9b7d4c3e8f6a1b2c3d4e5f60' }, '98c5af8a-6ee2-4482-99a2-ae2280a6f4c3');
const VGW = 'f4ef32a5-bedc-4a8d-9a86-e907174eb11d';
const CGW = '102350d1-834b-4a8d-9a86-dd36659a7f5d';
const row = {
  id: ID,
  key: linkKeyFromId(ID),
  kind: 'huawei',
  gateway: 'vpngw-prod',
  site: 'branch-berlin',
  vgwId: VGW,
  cgwId: CGW,
  connection: 'vpn-a',
  link: 'vpn-a',
  status: 'NotConnected',
  statusSource: 'list',
  statusAgeSeconds: 30,
  downForSeconds: 600,
  ingressBps: null,
  egressBps: null,
};
const auditRow = { at: '2026-03-10T12:00:00.000Z', linkId: ID, linkKey: row.key, linkName: 'vpngw-prod/vpn-a', source: 'poller', step: 'decision', outcome: 'skipped', reason: 'standby-partner-active' };

async function run(...argv: string[]): Promise<string> {
  const api: ApiClient = {
    get: (path) => Promise.resolve(path === '/links' ? { links: [row] } : path === '/remediations' ? { items: [auditRow] } : {}),
    post: () => Promise.resolve(undefined),
  };
  let out = '';
  await runCommand(api, parseArgs(argv), { out: (t) => (out += t), progress: () => undefined });
  return out;
}

describe('CLI rows of Huawei Cloud links', () => {
  it('status shows the VPN gateway and customer gateway by name and unknown rates as —, never 0; --wide adds the key and id', async () => {
    const out = await run('status');
    expect(out).toMatch(/NotConnected\s+\S+ list\s+vpngw-prod\s+branch-berlin\s+vpn-a\s+10m\s+—\/—/);
    expect(out).not.toContain(VGW);
    expect(out).not.toContain(CGW);
    expect(out).not.toMatch(/\b0\/0\b/);
    expect(await run('status', '--wide')).toContain(`${row.key}  ${ID}`);
  });

  it('a standby connection (ha_role slave) is marked as such', async () => {
    const api: ApiClient = { get: () => Promise.resolve({ links: [{ ...row, haRole: 'slave' }] }), post: () => Promise.resolve(undefined) };
    let out = '';
    await runCommand(api, parseArgs(['status']), { out: (t) => (out += t), progress: () => undefined });
    expect(out).toMatch(/vpn-a \(standby\)/);
  });

  it('remediations name a Huawei link gateway/connection, not by its key', async () => {
    const out = await run('remediations');
    expect(out).toContain('vpngw-prod/vpn-a');
    expect(out).not.toContain(row.key);
  });
});
