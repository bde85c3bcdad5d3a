import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig';
import { problemsOf } from './support/configProblems';

const azureOnly = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', TW_SCOPES: '/subscriptions/sub1' };
const huawei = {
  TW_HUAWEI_SCOPES: 'ap-southeast-1:0A1B2C3D4E5F60718293A4B5C6D7E8F9, eu-west-101:ffffffffffffffffffffffffffffffff',
  TW_HUAWEI_ACCESS_KEY: 'HPUAEXAMPLEAK',
  TW_HUAWEI_SECRET_KEY: 'example-secret-key-never-logged',
};


describe('Huawei Cloud settings', () => {
  it('without TW_HUAWEI_SCOPES nothing changes for Azure-only users', () => {
    expect(loadConfig(azureOnly).huawei).toBeUndefined();
  });

  it('reads scopes as region and project (lower case), the default endpoint template and down statuses', () => {
    const config = loadConfig({ ...azureOnly, ...huawei });
    expect(config.huawei).toEqual({
      scopes: [
        { region: 'ap-southeast-1', projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
        { region: 'eu-west-101', projectId: 'ffffffffffffffffffffffffffffffff' },
      ],
      endpoint: 'https://vpn.{region}.myhuaweicloud.com',
      accessKey: 'HPUAEXAMPLEAK',
      secretKey: 'example-secret-key-never-logged',
      downStatuses: ['DOWN'],
    });
  });

  it('lets a Huawei-only deployment leave TW_SCOPES empty', () => {
    const config = loadConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', ...huawei });
    expect(config.scopes).toEqual([]);
    expect(config.huawei?.scopes).toHaveLength(2);
    expect(problemsOf({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }).join('\n')).toMatch(/TW_SCOPES must name/);
  });

  it('names every bad Huawei setting in one error, without echoing a key', () => {
    const problems = problemsOf({
      ...azureOnly,
      TW_HUAWEI_SCOPES: 'ap-southeast-1, a:b:c, ap-southeast-1:0a1b',
      TW_HUAWEI_SECRET_KEY: 'sk-value-that-must-not-appear',
      TW_HUAWEI_ENDPOINT: 'http://plain',
      TW_HUAWEI_DOWN_STATUSES: 'DOWN,FREEZED',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/'ap-southeast-1' is not <region>:<project_id>/);
    expect(text).toMatch(/'a:b:c' is not/);
    expect(text).toMatch(/TW_HUAWEI_ENDPOINT must be an https URL/);
    expect(text).toMatch(/TW_HUAWEI_ACCESS_KEY and TW_HUAWEI_SECRET_KEY are required/);
    expect(text).toMatch(/'FREEZED' is not one of DOWN, ERROR/);
    expect(text).not.toContain('sk-value-that-must-not-appear');
  });

  it('refuses a Key Vault reference the platform could not resolve', () => {
    const problems = problemsOf({ ...azureOnly, ...huawei, TW_HUAWEI_SECRET_KEY: '@Microsoft.KeyVault(VaultName=kv;SecretName=huawei-secret-key)' });
    expect(problems.join('\n')).toMatch(/unresolved Key Vault reference/);
  });
});
