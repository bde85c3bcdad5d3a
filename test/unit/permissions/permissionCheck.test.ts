import { describe, expect, it } from 'vitest';
import { ARM_OPERATIONS, PERMISSION_NEEDS, ROLE_ACTIONS } from '../../../src/adapters/arm/armOperations';
import { checkPermissions } from '../../../src/app/permissions/checkPermissions';
import { createPermissionStatus, knownPermissions } from '../../../src/app/permissions/permissionStatus';
import type { PermissionReader } from '../../../src/app/ports';
import { TunnelwatchError } from '../../../src/core/errors';
import type { PermissionEntry } from '../../../src/core/permissions/actionMatches';
import type { ScopePermissions } from '../../../src/core/permissions/assessPermissions';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG = `${SUB}/resourceGroups/rg-vpn`;
const GATEWAY = `${RG}/providers/Microsoft.Network/vpnGateways/gw1`;
const ROLE: PermissionEntry = {
  actions: [...ROLE_ACTIONS],
  notActions: [],
};
const STATUS_READS = [
  ARM_OPERATIONS.Network_Locations_OperationResults,
  ARM_OPERATIONS.Network_Locations_Operations,
];

/** Answers per scope: entries, or an error to throw. */
function reader(
  answers: Record<string, readonly PermissionEntry[] | Error>,
): PermissionReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readPermissions: (scope) => {
      asked.push(scope);
      const answer = answers[scope] ?? new TunnelwatchError('ARM.NOT_FOUND', 'no such scope');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

const forbidden = () => new TunnelwatchError('ARM.FORBIDDEN', 'AuthorizationFailed');

describe('checkPermissions', () => {
  it('reads a subscription or resource group scope once, and a resource scope also at its resource group', async () => {
    const r = reader({ [SUB]: [ROLE], [GATEWAY]: [ROLE], [RG]: [ROLE] });
    const report = await checkPermissions(r, [SUB, GATEWAY], PERMISSION_NEEDS);
    expect(r.asked).toEqual([SUB, GATEWAY, RG]);
    expect(report.map((p) => p.ok)).toEqual([true, true]);
  });

  it('when the resource group refuses the permission read, then the role is not there and the status reads are missing', async () => {
    const [report] = await checkPermissions(
      reader({ [GATEWAY]: [ROLE], [RG]: forbidden() }),
      [GATEWAY],
      PERMISSION_NEEDS,
    );
    expect(report).toMatchObject({
      scope: GATEWAY,
      ok: false,
      missing: STATUS_READS,
      canRemediate: false,
      statusReadScope: RG,
    });
    expect(report?.error).toBeUndefined();
  });

  it('when the scope itself refuses the permission read, then that action is named and nothing is switched off', async () => {
    const [report] = await checkPermissions(reader({ [RG]: forbidden() }), [RG], PERMISSION_NEEDS);
    expect(report).toMatchObject({
      ok: false,
      missing: ['Microsoft.Authorization/permissions/read'],
      canMonitor: true,
      canRemediate: true,
      error: { code: 'ARM.FORBIDDEN' },
    });
  });

  it('when the read is throttled, then the scope says so and names nothing as missing', async () => {
    const [report] = await checkPermissions(
      reader({ [RG]: new TunnelwatchError('ARM.THROTTLED', 'slow down', true) }),
      [RG],
      PERMISSION_NEEDS,
    );
    expect(report).toMatchObject({
      ok: false,
      missing: [],
      canRemediate: true,
      error: { code: 'ARM.THROTTLED' },
    });
  });
});

describe('the permission check once per process', () => {
  const okReport: ScopePermissions = {
    scope: RG,
    ok: true,
    missing: [],
    canMonitor: true,
    canRemediate: true,
    statusReadScope: RG,
  };
  const lacking: ScopePermissions = {
    ...okReport,
    ok: false,
    missing: [ARM_OPERATIONS.VpnLinkConnections_ResetConnection],
    canRemediate: false,
  };
  const harness = (reports: Array<readonly ScopePermissions[]>) => {
    const lines: string[] = [];
    let now = Date.UTC(2026, 0, 1);
    let runs = 0;
    const status = createPermissionStatus(
      () => Promise.resolve(reports[Math.min(runs++, reports.length - 1)]!),
      { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) },
      { now: () => new Date(now) },
    );
    return { status, lines, runs: () => runs, advance: (ms: number) => void (now += ms) };
  };

  it('runs lazily once, logs once, and serves the same answer afterwards', async () => {
    const h = harness([[okReport]]);
    expect(h.runs()).toBe(0);
    await Promise.all([h.status(), h.status()]);
    h.advance(24 * 3_600_000);
    expect(await h.status()).toEqual([okReport]);
    expect([h.runs(), h.lines]).toEqual([1, [`info permissions: ${RG} ok`]]);
  });

  it('when an action is missing, then the log warns with the action and that the scope runs monitoring only', async () => {
    const h = harness([[lacking]]);
    await h.status();
    expect(h.lines).toEqual([
      `warn permissions: ${RG} lacks ${lacking.missing[0]}`,
      `warn monitoring only: ${RG} lacks ${lacking.missing[0]}`,
    ]);
  });

  it('when a scope could not be read, then the check is asked again after five minutes, not before', async () => {
    const unreadable: ScopePermissions = {
      ...okReport,
      ok: false,
      error: { code: 'ARM.THROTTLED', message: 'later' },
    };
    const h = harness([[unreadable], [okReport]]);
    await h.status();
    h.advance(4 * 60_000);
    await h.status();
    expect(h.runs()).toBe(1);
    h.advance(60_000);
    expect(await h.status()).toEqual([okReport]);
    expect(h.runs()).toBe(2);
  });

  it('a failing source gives an empty report to log lines instead of failing the cycle', async () => {
    expect(await knownPermissions(() => Promise.reject(new Error('config')))).toEqual([]);
    expect(await knownPermissions(undefined)).toEqual([]);
  });
});
