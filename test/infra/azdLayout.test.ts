import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { infraFiles, paramDeclarations, readInfra, repoRoot } from './bicepText';

const main = readInfra('main.bicep');
const params = paramDeclarations(main);
const parameterFile = JSON.parse(readInfra('main.parameters.json')) as { parameters: Record<string, { value: unknown }> };

describe('azd layout', () => {
  it('azure.yaml declares the TypeScript function app as service `api` built from the repository root', () => {
    const yaml = readFileSync(path.join(repoRoot, 'azure.yaml'), 'utf8');
    expect(yaml).toMatch(/^services:\n {2}api:\n {4}project: \.\n {4}language: ts\n {4}host: function$/m);
  });

  it('main.bicep targets the subscription and creates the resource group', () => {
    expect(main).toMatch(/^targetScope = 'subscription'$/m);
    expect(main).toMatch(/^resource rg 'Microsoft\.Resources\/resourceGroups@[\d-]+' = \{/m);
  });

  it('every main.bicep parameter is documented with @description', () => {
    expect([...params].filter(([, p]) => !p.decorators.includes('@description(')).map(([name]) => name)).toEqual([]);
  });

  it('azd can provision without prompting: every required parameter comes from main.parameters.json', () => {
    const required = [...params].filter(([, p]) => p.defaultText === undefined).map(([name]) => name);
    expect(required.filter((name) => !(name in parameterFile.parameters))).toEqual([]);
    expect(parameterFile.parameters.environmentName?.value).toBe('${AZURE_ENV_NAME}');
    expect(parameterFile.parameters.location?.value).toBe('${AZURE_LOCATION}');
  });

  it('main.parameters.json names only parameters main.bicep declares', () => {
    expect(Object.keys(parameterFile.parameters).filter((name) => !params.has(name))).toEqual([]);
  });

  it('the remediation mode of a fresh environment is dry-run unless TW_REMEDIATION_MODE says otherwise', () => {
    expect(parameterFile.parameters.remediationMode?.value).toBe('${TW_REMEDIATION_MODE=dry-run}');
  });

  it('every module main.bicep references exists', () => {
    const modules = [...main.matchAll(/^module \w+ '([^']+)'/gm)].map((m) => m[1]!);
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((m) => !infraFiles().includes(m))).toEqual([]);
  });

  it('outputs are named like the settings they feed', () => {
    const outputs = [...main.matchAll(/^output (\w+) /gm)].map((m) => m[1]!);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'AZURE_FUNCTION_APP_NAME',
        'AZURE_FUNCTION_URI',
        'AZURE_STORAGE_ACCOUNT_NAME',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID',
      ]),
    );
  });

  it('the alert wiring is off by default, and its webhook is a secure (Entra) webhook with the common alert schema', () => {
    expect(params.get('deployAlertWiring')?.defaultText).toBe('false');
    expect(params.get('alertsFunctionKey')?.decorators).toContain('@secure()');
    const wiring = readInfra('app/alertWiring.bicep');
    expect(wiring).toContain("serviceUri: 'https://${functionHostName}/api/alerts?code=${alertsFunctionKey}'");
    for (const line of ['useCommonAlertSchema: true', 'useAadAuth: true', 'objectId: webhookAppObjectId', 'identifierUri: webhookIdentifierUri', 'tenantId: webhookTenantId']) {
      expect(wiring).toContain(line);
    }
  });
});
