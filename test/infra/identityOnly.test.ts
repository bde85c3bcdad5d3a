import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { infraFiles, readInfra, repoRoot, varDeclarations } from './bicepText';

/** Built-in role definition ids the app identity needs (same in every tenant). */
const DATA_ROLES = [
  ['Storage Blob Data Owner', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'],
  ['Storage Queue Data Contributor', '974c5e8b-45b9-4653-ba55-5f855dd0fb88'],
  ['Storage Table Data Contributor', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'],
  ['Monitoring Metrics Publisher', '3913510d-42f4-4e42-8a64-420c390055eb'],
] as const;

/** Anything that would read, hold or pass a storage account key or a key-based connection string. */
const KEY_PATTERNS = [/listKeys\s*\(/i, /listAccountSas|listServiceSas/i, /AccountKey\s*=/i, /\.keys\s*\[/i, /primaryKey|secondaryKey/i, /SharedAccessSignature/i, /listConnectionStrings/i];

const rbac = readInfra('app/rbac.bicep');
const rbacVars = varDeclarations(rbac);

describe('storage and telemetry roles for the app identity (app/rbac.bicep)', () => {
  it.each(DATA_ROLES)('%s is granted, by a named role id variable', (_role, guid) => {
    const variable = [...rbacVars].find(([, value]) => value.startsWith(`'${guid}'`))?.[0];
    expect(variable, `no var holds ${guid}`).toBeDefined();
    const assignedDirectly = rbac.includes(`subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ${variable})`);
    const assignedInLoop =
      /\[([^\]]*)\]/.exec(rbacVars.get('storageRoles') ?? '')?.[1]?.split(',').map((v) => v.trim()).includes(variable!) === true &&
      /for role in storageRoles:[\s\S]*subscriptionResourceId\('Microsoft.Authorization\/roleDefinitions', role\)/.test(rbac);
    expect(assignedDirectly || assignedInLoop).toBe(true);
  });

  it('role assignments live in their own modules, never beside the resources they grant on', () => {
    const withAssignments = infraFiles().filter((f) => f.endsWith('.bicep') && readInfra(f).includes("'Microsoft.Authorization/roleAssignments@"));
    expect(withAssignments.sort()).toEqual(['app/keyVaultSecretsReader.bicep', 'app/rbac.bicep', 'app/roleAssignmentAtResource.bicep', 'app/roleAssignmentAtResourceGroup.bicep', 'app/roleAssignmentAtSubscription.bicep']);
  });
});

describe('managed identity only: no keys anywhere in infra/', () => {
  const files = infraFiles();

  it.each(files)('%s lists, holds and passes no storage key', (file) => {
    const text = readInfra(file);
    expect(KEY_PATTERNS.filter((p) => p.test(text)).map(String)).toEqual([]);
  });

  it('the key check recognises the usual ways of leaking a key', () => {
    const leaky = "AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=${stg.name};AccountKey=${stg.listKeys().keys[0].value}'";
    expect(KEY_PATTERNS.filter((p) => p.test(leaky)).length).toBeGreaterThanOrEqual(3);
  });

  it('the storage account refuses shared keys and public blobs, and requires TLS 1.2', () => {
    const storage = readInfra('core/storage/storageAccount.bicep');
    expect(storage).toMatch(/allowSharedKeyAccess: false/);
    expect(storage).toMatch(/allowBlobPublicAccess: false/);
    expect(storage).toMatch(/minimumTlsVersion: 'TLS1_2'/);
  });

  it('Log Analytics and Application Insights accept Entra-authenticated data only', () => {
    const monitoring = readInfra('core/monitor/monitoring.bicep');
    expect(monitoring).toMatch(/DisableLocalAuth: true/);
    expect(monitoring).toMatch(/disableLocalAuth: true/);
    expect(monitoring).toMatch(/WorkspaceResourceId: logAnalytics\.id/);
  });
});

describe('function app on Flex Consumption', () => {
  const host = readInfra('core/host/functionsFlexConsumption.bicep');
  const main = readInfra('main.bicep');

  it('runs on the FC1 plan with the Node 22 runtime (Node 20 is past end of life and cannot be deployed)', () => {
    expect(host).toMatch(/sku: \{ name: 'FC1', tier: 'FlexConsumption' \}/);
    expect(host).toMatch(/runtime: \{ name: runtimeName, version: runtimeVersion \}/);
    expect(main).toMatch(/runtimeName: 'node'\s+runtimeVersion: '22'/);
    const allowed = /@allowed\(\[([^\]]*)\]\)\s*param runtimeVersion string = '(\d+)'/.exec(host);
    expect(allowed?.[1]?.split(',').map((v) => v.trim())).toEqual(["'22'"]);
    expect(allowed?.[2]).toBe('22');
  });

  it('package.json engines admit the deployed Node major, so the app is tested on what runs in Azure', () => {
    const engines = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const minimum = Number(/^>=\s*(\d+)/.exec(engines)?.[1]);
    expect(minimum).toBeLessThanOrEqual(22);
  });

  it('deploys its package from a blob container it reads with the user-assigned identity', () => {
    expect(host).toMatch(/type: 'blobContainer'/);
    expect(host).toMatch(/type: 'UserAssignedIdentity'\s+userAssignedIdentityResourceId: identityId/);
    expect(readInfra('core/storage/storageAccount.bicep')).toMatch(/name: deploymentContainerName/);
  });

  it('runs as the user-assigned identity only, and carries the azd service tag', () => {
    expect(host).toMatch(/type: 'UserAssigned'\s+userAssignedIdentities: \{ '\$\{identityId\}': \{\} \}/);
    expect(host).toContain("'azd-service-name': serviceName");
  });
});
