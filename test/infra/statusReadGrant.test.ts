import { describe, expect, it } from 'vitest';
import { ARM_OPERATIONS } from '../../src/adapters/arm/armOperations';
import { readInfra, varDeclarations } from './bicepText';

/** The actions that read a long-running operation's status (Azure-AsyncOperation / Location URLs under locations/). */
const STATUS_ACTIONS = [ARM_OPERATIONS.Network_Locations_Operations, ARM_OPERATIONS.Network_Locations_OperationResults];

interface ModuleUse {
  readonly name: string;
  readonly file: string;
  /** The collection a `[for … in X: …]` module iterates over, if it is a loop. */
  readonly loopsOver?: string;
  readonly body: string;
}

/** Every `module name 'file' = …` declaration of a Bicep text, with the text up to the next top-level declaration. */
function moduleUses(bicep: string): ModuleUse[] {
  return [...bicep.matchAll(/^module (\w+) '([^']+)' = ([\s\S]*?)(?=^(?:module|resource|output|var|param|@|\/\/ -{5})|$(?![\s\S]))/gm)].map((m) => ({
    name: m[1]!,
    file: m[2]!,
    loopsOver: /^\[\s*for\s+(?:\(\w+,\s*\w+\)|\w+)\s+in\s+(\w+)\s*:/.exec(m[3]!)?.[1],
    body: m[3]!,
  }));
}

/** True when the var `name` is `source` or is computed from it (following other vars). */
function derivesFrom(name: string, source: string, vars: ReadonlyMap<string, string>, depth = 0): boolean {
  if (name === source) return true;
  const definition = vars.get(name);
  if (definition === undefined || depth > 5) return false;
  return [...definition.matchAll(/\b[A-Za-z_]\w*\b/g)].some((m) => vars.has(m[0]) && derivesFrom(m[0], source, vars, depth + 1));
}

/**
 * Problems with the RBAC rule "never the custom role only at resource level": for each module that assigns a role on
 * resource-level scopes, some module must assign, at the resource group of each of those scopes, a role that holds
 * the async-operation status reads. `readModule` reads a module file by its path relative to infra/.
 */
function statusReadProblems(main: string, readModule: (file: string) => string): string[] {
  const vars = varDeclarations(main);
  const modules = moduleUses(main);
  const atResource = modules.filter((m) => m.file === 'app/roleAssignmentAtResource.bicep');
  if (atResource.length === 0) return [];
  const grantsStatusRead = (roleModule: string): boolean => {
    const declaration = modules.find((m) => m.name === roleModule);
    const text = declaration ? readModule(declaration.file).toLowerCase() : '';
    return STATUS_ACTIONS.every((action) => text.includes(`'${action.toLowerCase()}'`));
  };
  return atResource.flatMap((resourceModule) => {
    const source = resourceModule.loopsOver;
    if (!source) return [`${resourceModule.name} assigns at resource level outside a loop over the resource scopes`];
    const groupVar = (name: string | undefined): boolean => {
      const definition = name === undefined ? undefined : vars.get(name);
      // The scope's resource group: the first five id segments (/subscriptions/{s}/resourceGroups/{rg}).
      return definition !== undefined && derivesFrom(name!, source, vars) && /take\(split\(\w+, '\/'\), 5\)/.test(definition);
    };
    const grants = modules.filter((m) => {
      const role = /roleDefinitionId: (\w+)\.outputs\.id/.exec(m.body)?.[1];
      return m.file === 'app/roleAssignmentAtResourceGroup.bicep' && groupVar(m.loopsOver) && role !== undefined && grantsStatusRead(role);
    });
    return grants.length > 0 ? [] : [`${resourceModule.name} assigns on resources in ${source} without the status-read role at their resource groups`];
  });
}

describe('RBAC rule: the custom role is never assigned only at resource level', () => {
  const main = readInfra('main.bicep');

  it('every resource-level scope also gets the async-operation status reads at its resource group', () => {
    expect(statusReadProblems(main, readInfra)).toEqual([]);
  });

  it('the status role holds exactly the status reads the adapter performs, nothing more', () => {
    const role = readInfra('app/operationStatusRole.bicep');
    const actions = [...(/actions: \[([^\]]*)\]/.exec(role)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!.toLowerCase());
    expect(actions.sort()).toEqual(STATUS_ACTIONS.map((a) => a.toLowerCase()).sort());
    expect(role).toMatch(/notActions:\s*\[\]/);
    expect(role).not.toMatch(/dataActions/);
  });

  it.each([
    ['the status-read assignment is removed', (text: string) => text.replace(/^module statusReadOnResourceGroups [\s\S]*?^\]\n/m, '')],
    ['it is made at the resource group of the wrong list', (text: string) => text.replace(/for scope in resourceScopeGroups:/, 'for scope in resourceGroupScopes:')],
    ['it grants the main role instead of a status-read role', (text: string) => text.replace('roleDefinitionId: statusRole.outputs.id', 'roleDefinitionId: missingRole.outputs.id')],
    ['it is made at the resources themselves', (text: string) => text.replace(/take\(split\(s, '\/'\), 5\)/, 'take(split(s, \'/\'), 9)')],
  ])('when %s, then the rule check reports the resource-level assignment', (_what, breakIt) => {
    const broken = breakIt(main);
    expect(broken).not.toBe(main);
    expect(statusReadProblems(broken, readInfra)).toEqual([expect.stringContaining('roleOnResources')]);
  });
});
