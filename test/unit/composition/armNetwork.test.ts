import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetAppConfig } from '../../../src/composition/appConfig';
import { armNetwork } from '../../../src/composition/armNetwork';
import { monitoringServices } from '../../../src/composition/monitoringServices';
import { remediationServices } from '../../../src/composition/remediationDeps';

const SETTINGS = {
  AzureWebJobsStorage: '',
  TW_SCOPES: '/subscriptions/00000000-0000-0000-0000-000000000001',
  TW_TABLE_PREFIX: 'armshared',
};

describe('the composition root', () => {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries({
      ...SETTINGS,
      AzureWebJobsStorage: inject('azuriteConnectionString'),
    })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    resetAppConfig();
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetAppConfig();
  });

  it('when monitoring and remediation both run in one process, then they share one ARM adapter (one pacer, one request count)', async () => {
    const monitoring = await monitoringServices();
    const remediation = await remediationServices();
    expect(monitoring.arm).toBe(armNetwork());
    expect(monitoring.fleet).toBe(monitoring.arm);
    expect(remediation.network).toBe(monitoring.arm);
  });
});
