import { describe, expect, it } from 'vitest';
import { entryValues, objectBody, paramDeclarations, readInfra } from './bicepText';

const MAIN = readInfra('main.bicep');
const VAULT = readInfra('core/security/keyVault.bicep');
const READER = readInfra('app/keyVaultSecretsReader.bicep');
const HOST = readInfra('core/host/functionsFlexConsumption.bicep');
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

const settings = entryValues(objectBody(MAIN, 'var tunnelwatchSettings ='));
const mainParams = paramDeclarations(MAIN);

describe('Huawei Cloud keys come from Key Vault (infra/)', () => {
  it('the vault uses RBAC authorization, never access policies, with soft delete and purge protection', () => {
    expect(VAULT).toMatch(/enableRbacAuthorization:\s*true/);
    expect(VAULT).not.toMatch(/accessPolicies/);
    expect(VAULT).toMatch(/enablePurgeProtection:\s*true/);
  });

  it('both key settings are Key Vault references to the secrets the vault module writes', () => {
    for (const [setting, secretVar] of [
      ['TW_HUAWEI_ACCESS_KEY', 'huaweiAccessKeySecretName'],
      ['TW_HUAWEI_SECRET_KEY', 'huaweiSecretKeySecretName'],
    ] as const) {
      expect(settings.get(setting)).toContain(`@Microsoft.KeyVault(VaultName=\${keyVaultName};SecretName=\${${secretVar}})`);
    }
    expect(MAIN).toMatch(/accessKeySecretName: huaweiAccessKeySecretName/);
    expect(MAIN).toMatch(/secretKeySecretName: huaweiSecretKeySecretName/);
    expect(VAULT).toMatch(/parent: vault\s+name: accessKeySecretName/);
    expect(VAULT).toMatch(/parent: vault\s+name: secretKeySecretName/);
  });

  it('the key values are secure parameters, passed only to the vault and never output', () => {
    for (const text of [MAIN, VAULT]) {
      expect(text).toMatch(/@secure\(\)[^\n]*\n(?:@description[^\n]*\n)?param huaweiAccessKey string/);
      expect(text).toMatch(/@secure\(\)[^\n]*\n(?:@description[^\n]*\n)?param huaweiSecretKey string/);
      expect(text).not.toMatch(/^output .*huawei(Access|Secret)Key/im);
    }
    expect(mainParams.has('huaweiAccessKey')).toBe(true);
    expect([...settings.values()].some((v) => /huawei(Access|Secret)Key\b/.test(v))).toBe(false);
  });

  it('the app identity gets Key Vault Secrets User on the vault only, and resolves references with it', () => {
    expect(READER).toContain(`'${KEY_VAULT_SECRETS_USER}'`);
    expect(READER).toMatch(/scope: vault/);
    expect(MAIN).toMatch(/module keyVaultReader 'app\/keyVaultSecretsReader\.bicep' = if \(watchesHuawei\)[\s\S]*?principalId: identity\.outputs\.principalId/);
    expect(HOST).toMatch(/keyVaultReferenceIdentity: identityId/);
  });

  it('without Huawei scopes no vault is deployed and the key settings stay empty', () => {
    expect(MAIN).toMatch(/module keyVault 'core\/security\/keyVault\.bicep' = if \(watchesHuawei\)/);
    expect(settings.get('TW_HUAWEI_ACCESS_KEY')).toMatch(/^watchesHuawei \?[\s\S]*: ''$/);
  });
});
