import { describe, expect, it } from 'vitest';
import { ARM_OPERATIONS, PERMISSION_NEEDS, ROLE_ACTIONS } from '../../../src/adapters/arm/armOperations';
import {
  actionMatches,
  isActionAllowed,
  type PermissionEntry,
} from '../../../src/core/permissions/actionMatches';
import {
  assessPermissions,
  monitoringOnlyNotes,
  statusReadScopeOf,
  unreadablePermissions,
} from '../../../src/core/permissions/assessPermissions';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG = `${SUB}/resourceGroups/rg-vpn`;
const GATEWAY = `${RG}/providers/Microsoft.Network/vpnGateways/gw1`;
const VWAN_RESET = ARM_OPERATIONS.VpnLinkConnections_ResetConnection;
const CLASSIC_RESET = ARM_OPERATIONS.VirtualNetworkGatewayConnections_ResetConnection;
const STATUS_READS = [
  ARM_OPERATIONS.Network_Locations_OperationResults,
  ARM_OPERATIONS.Network_Locations_Operations,
];
const entry = (actions: string[], notActions: string[] = []): PermissionEntry => ({ actions, notActions });
const ROLE = entry([...ROLE_ACTIONS]);
const at = (scope: string, atScope: PermissionEntry[], atStatusReadScope = atScope) =>
  assessPermissions({ scope, atScope, atStatusReadScope }, PERMISSION_NEEDS);

describe('ARM action matching', () => {
  it.each([
    ['*', VWAN_RESET, true],
    ['Microsoft.Network/*', VWAN_RESET, true],
    ['microsoft.network/VPNGATEWAYS/*', VWAN_RESET, true],
    ['Microsoft.Network/*/read', 'Microsoft.Network/vpnGateways/vpnConnections/read', true],
    ['Microsoft.Network/*/read', VWAN_RESET, false],
    ['Microsoft.Network/connections/*', VWAN_RESET, false],
    ['Microsoft.Network/vpnGateways/read', 'Microsoft.Network/vpnGateways/readx', false],
    ['Microsoft.Network.Extra/*', VWAN_RESET, false],
    [VWAN_RESET.toUpperCase(), VWAN_RESET, true],
  ])('%s covers %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  it('a notAction takes back only what its own entry grants, as ARM evaluates role assignments', () => {
    const readerWithoutReset = entry(['Microsoft.Network/*'], ['*/resetconnection/action']);
    expect(isActionAllowed([readerWithoutReset], VWAN_RESET)).toBe(false);
    expect(isActionAllowed([readerWithoutReset], 'Microsoft.Network/vpnGateways/read')).toBe(true);
    expect(isActionAllowed([readerWithoutReset, entry([VWAN_RESET])], VWAN_RESET)).toBe(true);
    expect(isActionAllowed([], VWAN_RESET)).toBe(false);
  });
});

describe('which needed actions are missing at a scope', () => {
  it('the needs are exactly the ARM operations the adapter performs, each in one group', () => {
    const groups = [
      PERMISSION_NEEDS.monitor,
      PERMISSION_NEEDS.reset,
      PERMISSION_NEEDS.operationStatus,
      PERMISSION_NEEDS.other,
      PERMISSION_NEEDS.metrics ?? [],
    ];
    expect(groups.flat().sort()).toEqual([...ROLE_ACTIONS].sort());
    expect(PERMISSION_NEEDS.reset).toEqual([VWAN_RESET, CLASSIC_RESET, 'Microsoft.Network/vpnSites/read']);
    expect(PERMISSION_NEEDS.operationStatus).toEqual(STATUS_READS);
  });

  it.each([
    ['Owner (*) on the subscription', SUB, [entry(['*'])]],
    ["tunnelwatch's custom role on a resource group", RG, [ROLE]],
    [
      'Network Contributor plus the permission read and Monitoring Reader',
      SUB,
      [
        entry(['Microsoft.Network/*']),
        entry(['Microsoft.Authorization/*/read', 'Microsoft.Resources/subscriptions/resources/read']),
        entry(['*/read']),
      ],
    ],
  ])('when the identity holds %s, then nothing is missing', (_name, scope, entries) => {
    expect(at(scope, entries)).toEqual({
      scope,
      ok: true,
      missing: [],
      canMonitor: true,
      canRemediate: true,
      canReadMetrics: true,
      statusReadScope: scope,
    });
  });

  it('when the metrics read is missing, then it is named and metrics are off there, and monitoring and remediation still hold', () => {
    const role = entry(ROLE.actions.filter((a) => a !== 'Microsoft.Insights/metrics/read'));
    expect(at(RG, [role])).toMatchObject({ ok: false, missing: ['Microsoft.Insights/metrics/read'], canMonitor: true, canRemediate: true, canReadMetrics: false });
  });

  it('when the role lacks the vWAN reset action, then exactly it is missing and the scope runs monitoring only', () => {
    const role = entry(ROLE.actions.filter((a) => a !== VWAN_RESET));
    expect(at(RG, [role])).toMatchObject({
      ok: false,
      missing: [VWAN_RESET],
      canMonitor: true,
      canRemediate: false,
    });
  });

  it('when a notAction removes both resets from a wildcard grant, then both are named', () => {
    const report = at(SUB, [entry(['*'], ['Microsoft.Network/*/resetconnection/action'])]);
    expect([report.missing, report.canRemediate]).toEqual([[VWAN_RESET, CLASSIC_RESET], false]);
  });

  it('when only reads are held (Reader-like), then monitoring works and every action is named', () => {
    const report = at(SUB, [entry(['*/read'])]);
    expect(report).toMatchObject({ canMonitor: true, canRemediate: false });
    expect(report.missing).toEqual([
      VWAN_RESET,
      CLASSIC_RESET,
      ARM_OPERATIONS.VpnLinkConnections_GetIkeSas,
      ARM_OPERATIONS.VirtualNetworkGatewayConnections_GetIkeSas,
    ]);
  });

  it('when the role is assigned on a gateway only, then the status reads are missing (they must be held at the resource group)', () => {
    const report = at(GATEWAY, [ROLE], []);
    expect(report).toMatchObject({
      ok: false,
      missing: STATUS_READS,
      canMonitor: true,
      canRemediate: false,
      statusReadScope: RG,
    });
  });

  it('when the role is on the gateway and the status reads on its resource group, then nothing is missing', () => {
    expect(at(GATEWAY, [ROLE], [entry(STATUS_READS)])).toMatchObject({
      ok: true,
      missing: [],
      canRemediate: true,
    });
  });

  it('when a read needed for polling is missing, then the scope can neither monitor nor remediate', () => {
    const role = entry(ROLE.actions.filter((a) => a !== 'Microsoft.Network/connections/read'));
    expect(at(RG, [role])).toMatchObject({
      missing: ['Microsoft.Network/connections/read'],
      canMonitor: false,
      canRemediate: false,
    });
  });

  it('when only the IKE SA evidence is missing, then remediation still runs but the scope is not ok', () => {
    const role = entry(ROLE.actions.filter((a) => !a.endsWith('/getikesas/action')));
    expect(at(RG, [role])).toMatchObject({ ok: false, canMonitor: true, canRemediate: true });
  });

  it.each([
    [SUB, SUB],
    [RG, RG],
    [GATEWAY, RG],
    [`${RG}/providers/Microsoft.Network/connections/c1`, RG],
  ])('the status reads of %s are checked at %s', (scope, expected) => {
    expect(statusReadScopeOf(scope)).toBe(expected);
  });

  it('when the permissions cannot be read, then the refusal names the permission read and blocks nothing else', () => {
    const forbidden = unreadablePermissions(
      RG,
      { code: 'ARM.FORBIDDEN', message: 'no' },
      'Microsoft.Authorization/permissions/read',
    );
    expect(forbidden).toMatchObject({
      ok: false,
      missing: ['Microsoft.Authorization/permissions/read'],
      canRemediate: true,
    });
    expect(unreadablePermissions(RG, { code: 'ARM.THROTTLED', message: 'later' })).toMatchObject({
      ok: false,
      missing: [],
      canRemediate: true,
    });
  });

  it('the monitoring-only notes name each scope that cannot remediate and what it lacks', () => {
    const report = [at(SUB, [entry(['*'])]), at(GATEWAY, [ROLE], [])];
    expect(monitoringOnlyNotes(report)).toEqual([`${GATEWAY} lacks ${STATUS_READS.join(', ')}`]);
  });
});
