import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARM_OPERATIONS, ROLE_ACTIONS } from '../../src/adapters/arm/armOperations';
import { main } from '../../src/cli/main';
import { resetAppConfig } from '../../src/composition/appConfig';
import { startLocalHost, type LocalHost } from '../../src/local/host/localHost';
import { fleetNames, startSimulator, type RbacAssignment, type SimulatorHandle } from '../../src/simulator';

const SUB = `/subscriptions/${fleetNames.subscriptionId(0)}`;
const RG = `${SUB}/resourceGroups/rg-00`;
const GATEWAY = `${RG}/providers/Microsoft.Network/vpnGateways/vpngw-00-000`;
const ROLE = [...ROLE_ACTIONS];
const VWAN_RESET = ARM_OPERATIONS.VpnLinkConnections_ResetConnection;
const METRICS_READ = 'Microsoft.Insights/metrics/read';
const STATUS_READS = [
  ARM_OPERATIONS.Network_Locations_OperationResults,
  ARM_OPERATIONS.Network_Locations_Operations,
];
const FUNCTIONS = ['health', 'healthDetails'].map((name) =>
  path.resolve(__dirname, `../../src/functions/${name}.ts`),
);

let sim: SimulatorHandle;
let caFile: string;
let host: LocalHost | undefined;

beforeAll(async () => {
  sim = await startSimulator({ fleet: '1x1x1x2', retryAfterSeconds: 0 });
  caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-doctor-')), 'sim.pem');
  writeFileSync(caFile, sim.certPem);
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  sim.clearRbac();
});
afterAll(() => sim.stop());

/** A fresh app process (the permission check is once per process) watching `scopes` under the given role assignments. */
async function startApp(scopes: string[], assignments?: RbacAssignment[]): Promise<LocalHost> {
  if (assignments) sim.setRbac(assignments);
  resetAppConfig();
  host = await startLocalHost({
    entryFiles: FUNCTIONS,
    storageConnectionString: inject('azuriteConnectionString'),
    settings: {
      TW_SCOPES: scopes.join(','),
      TW_ARM_ENDPOINT: sim.url,
      TW_ARM_CA_FILE: caFile,
      TW_ARM_DEV_TOKEN: 'doctor-test',
      TW_TABLE_PREFIX: 'twdoctor',
    },
    port: 0,
    hostJsonPath: path.resolve(__dirname, '../../host.json'),
    log: () => undefined,
  });
  return host;
}

async function doctor(
  app: LocalHost,
  ...flags: string[]
): Promise<{ code: number; out: string; err: string }> {
  const result = { out: '', err: '' };
  const code = await main(
    ['doctor', ...flags],
    { TUNNELWATCH_URL: app.apiUrl, TUNNELWATCH_KEY: app.functionKey },
    {
      out: (t) => (result.out += t),
      err: (t) => (result.err += t),
      progress: () => undefined,
    },
  );
  return { code, ...result };
}

describe('tunnelwatch doctor against simulated RBAC', () => {
  it('when the role assigned on the resource group lacks the vWAN reset action, then doctor names exactly it and exits 4', async () => {
    const app = await startApp([RG], [{ scope: RG, actions: ROLE.filter((a) => a !== VWAN_RESET) }]);
    const { code, out } = await doctor(app);
    expect(code).toBe(4);
    expect(out).toContain(`${RG}: MISSING PERMISSIONS (monitoring only)`);
    expect(out.split('\n').filter((l) => l.includes('missing:'))).toEqual([`  missing: ${VWAN_RESET}`]);
  });

  it('when the role lacks the metrics read, then doctor names it, says metrics are off there and the details report it', async () => {
    const app = await startApp([RG], [{ scope: RG, actions: ROLE.filter((a) => a !== METRICS_READ) }]);
    const { code, out } = await doctor(app);
    expect(code).toBe(4);
    expect(out).toContain(`${RG}: MISSING PERMISSIONS (monitoring and remediation)`);
    expect(out.split('\n').filter((l) => l.includes('missing:'))).toEqual([`  missing: ${METRICS_READ}`]);
    expect(out).toContain('  metrics: off here (no Microsoft.Insights/metrics/read)');
    const json = JSON.parse((await doctor(app, '--json')).out);
    expect(json.permissions[0]).toMatchObject({ scope: RG, canMonitor: true, canRemediate: true, canReadMetrics: false });
  });

  it('when the role is assigned on the gateway only, then doctor names the operation-status reads and says where they belong', async () => {
    const app = await startApp([GATEWAY], [{ scope: GATEWAY, actions: ROLE }]);
    const { code, out } = await doctor(app);
    expect(code).toBe(4);
    expect(out.split('\n').filter((l) => l.includes('missing:'))).toEqual(
      STATUS_READS.map((a) => `  missing: ${a}`),
    );
    expect(out).toContain(`must be held at ${RG} or above`);
  });

  it('when the role is complete at every scope, then doctor says ok per scope and exits 0; --json prints the health details', async () => {
    const app = await startApp([SUB, GATEWAY], [{ scope: SUB, actions: ROLE }]);
    const { code, out } = await doctor(app);
    expect([code, out]).toEqual([
      0,
      // This app runs no poll timer: no cycle has completed, and doctor says so.
      `${SUB}: ok (monitoring and remediation)\n${GATEWAY}: ok (monitoring and remediation)\npoller: OVERDUE (no cycle completed in the last day; expected within 180 s)\n`,
    ]);
    const json = JSON.parse((await doctor(app, '--json')).out);
    expect(json).toMatchObject({
      status: 'ok',
      lastCompletedCycleAt: null,
      pollerOverdue: true,
      permissions: [
        { scope: SUB, ok: true, missing: [], canReadMetrics: true },
        { scope: GATEWAY, ok: true, missing: [], statusReadScope: RG, canReadMetrics: true },
      ],
    });
  });

  it('the details need the function key: plain health stays anonymous, ?details=true and /health/details without key answer 401', async () => {
    const app = await startApp([SUB]);
    expect((await fetch(`${app.apiUrl}/health`)).status).toBe(200);
    const refused = await fetch(`${app.apiUrl}/health?details=true`);
    expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'REQUEST.UNAUTHORIZED',
    ]);
    expect((await fetch(`${app.apiUrl}/health/details`)).status).toBe(401);
    const keyed = await fetch(`${app.apiUrl}/health/details`, {
      headers: { 'x-functions-key': app.functionKey },
    });
    expect([keyed.status, ((await keyed.json()) as { status: string }).status]).toEqual([200, 'ok']);
  });
});
