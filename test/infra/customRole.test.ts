import { describe, expect, it } from 'vitest';
import { FORBIDDEN_ACTIONS, ROLE_ACTIONS } from '../../src/adapters/arm/armOperations';
import { readInfra } from './bicepText';

const ROLE_ACTIONS_FILE = 'app/tunnelwatch-role-actions.json';
const roleActions = (JSON.parse(readInfra(ROLE_ACTIONS_FILE)) as { actions: string[] }).actions;
const adapterActions = ROLE_ACTIONS;
const lower = (actions: readonly string[]) => actions.map((a) => a.toLowerCase());

/** RBAC action names are case-insensitive; compare them that way. */
function compareActions(granted: readonly string[], needed: readonly string[]) {
  return {
    notGranted: needed.filter((a) => !lower(granted).includes(a.toLowerCase())),
    extra: granted.filter((a) => !lower(needed).includes(a.toLowerCase())),
  };
}

describe('custom role: exactly the ARM actions the adapter performs', () => {
  it('every action the ARM adapter may perform is granted', () => {
    expect(compareActions(roleActions, adapterActions).notGranted).toEqual([]);
  });

  it('nothing beyond them is granted', () => {
    expect(compareActions(roleActions, adapterActions).extra).toEqual([]);
  });

  it('lists each action once', () => {
    expect(new Set(lower(roleActions)).size).toBe(roleActions.length);
  });

  it('grants no shared-key action and no wildcard', () => {
    expect(lower(roleActions).filter((a) => lower(FORBIDDEN_ACTIONS).includes(a))).toEqual([]);
    expect(roleActions.filter((a) => a.includes('*') || /sharedkey/i.test(a))).toEqual([]);
  });

  it('when the adapter gains an operation the role lacks, the comparison reports it', () => {
    const needed = [...adapterActions, 'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/sharedKeys/read'];
    expect(compareActions(roleActions, needed).notGranted).toEqual(['Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/sharedKeys/read']);
  });
});

describe('the role definition in Bicep', () => {
  const role = readInfra('app/tunnelwatchRole.bicep');
  const main = readInfra('main.bicep');

  it('takes its actions from the checked JSON file and adds no data actions', () => {
    expect(role).toContain("loadJsonContent('tunnelwatch-role-actions.json').actions");
    expect(role).toMatch(/actions:\s*roleActions/);
    expect(role).not.toMatch(/dataActions|notDataActions/);
    expect(role).toMatch(/notActions:\s*\[\]/);
  });

  it.each([
    ['subscription', 'app/roleAssignmentAtSubscription.bicep', 'subscriptionScopes'],
    ['resource group', 'app/roleAssignmentAtResourceGroup.bicep', 'resourceGroupScopes'],
    ['VPN resource', 'app/roleAssignmentAtResource.bicep', 'resourceScopes'],
  ])('is assigned to the app identity at each monitored %s scope', (_kind, module, scopes) => {
    expect(main).toMatch(new RegExp(`module \\w+ '${module}' = \\[\\s*for [^\\n]*\\bin ${scopes}:`));
    const assignment = readInfra(module);
    expect(assignment).toContain("principalType: 'ServicePrincipal'");
    expect(assignment).toContain('roleDefinitionId: roleDefinitionId');
  });

  it('every monitored scope kind is covered: subscriptions, resource groups and resource ids', () => {
    for (const name of ['subscriptionScopes', 'resourceGroupScopes', 'resourceScopes']) expect(main).toMatch(new RegExp(`^var ${name} = filter\\(watchedScopes,`, 'm'));
  });

  it('the role is assigned at the requested scopes only: an empty monitoredScopes grants nothing by default', () => {
    expect(main).toMatch(/^var requestedScopes = .*\bmonitoredScopes\b/m);
    expect(main).toMatch(/^var watchedScopes = .*: requestedScopes$/m);
    expect(main).not.toMatch(/^var watchedScopes = .*subscription\(\)/m);
  });
});
