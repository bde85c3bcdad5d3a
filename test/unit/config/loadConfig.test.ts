import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig';
import { problemsOf } from './support/configProblems';

const valid = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  TW_SCOPES: '/subscriptions/sub1, /subscriptions/sub2/resourceGroups/rg1',
};


describe('loadConfig', () => {
  it('when only the required settings are given, then every default applies', () => {
    const config = loadConfig(valid);
    expect(config.scopes).toEqual(['/subscriptions/sub1', '/subscriptions/sub2/resourceGroups/rg1']);
    expect(config.remediationMode).toBe('dry-run');
    expect(config.stuckThresholdMs).toBe(5 * 60_000);
    expect(config.downStatuses).toEqual(['NotConnected']);
    expect(config.remediationQueue).toBe('remediation-requests');
    expect(config.alertAad).toBeUndefined();
  });

  it('when several settings are bad, then one error names every one of them', () => {
    const problems = problemsOf({
      TW_SCOPES: 'not-a-scope',
      TW_ARM_CONCURRENCY: 'many',
      TW_REMEDIATION_MODE: 'yolo',
      TW_DOWN_STATUSES: 'Connected',
      TW_ARM_ENDPOINT: 'http://insecure',
    });
    expect(problems.join('\n')).toMatch(/TW_SCOPES/);
    for (const name of ['TW_ARM_CONCURRENCY', 'TW_REMEDIATION_MODE', 'TW_DOWN_STATUSES', 'TW_ARM_ENDPOINT', 'AzureWebJobsStorage']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it.each([
    ['TW_STUCK_THRESHOLD_MINUTES', '-1'],
    ['TW_STUCK_THRESHOLD_MINUTES', 'five'],
    ['TW_BLAST_RADIUS_PERCENT', '0'],
    ['TW_BLAST_RADIUS_PERCENT', '101'],
    ['TW_REMEDIATION_QUEUE', 'Bad_Queue'],
    ['TW_TABLE_PREFIX', '9tw'],
    ['TW_ALERT_AAD_TENANT_ID', 'contoso'],
    ['TW_SNAPSHOT_PARTITIONS', '0'],
    ['TW_SNAPSHOT_PARTITIONS', '65'],
  ])('when %s is %s, then it is rejected by name', (name, value) => {
    expect(problemsOf({ ...valid, [name]: value }).some((p) => p.startsWith(name))).toBe(true);
  });

  it('when the status max age is auto (the default), then it is 10 minutes with tunnel metrics on and 5 with them off', () => {
    expect(loadConfig(valid).statusMaxAgeMs).toBe(10 * 60_000);
    expect(loadConfig({ ...valid, TW_METRICS: 'off' }).statusMaxAgeMs).toBe(5 * 60_000);
    // Against the simulator, metrics stay off without an explicit endpoint: 5 minutes.
    const sim = { ...valid, TW_ARM_ENDPOINT: 'https://127.0.0.1:9443', TW_ARM_CA_FILE: '/tmp/ca.pem' };
    expect(loadConfig(sim).statusMaxAgeMs).toBe(5 * 60_000);
    expect(loadConfig({ ...sim, TW_METRICS_ENDPOINT: 'https://127.0.0.1:9443' }).statusMaxAgeMs).toBe(10 * 60_000);
    expect(loadConfig({ ...valid, TW_STATUS_MAX_AGE_MINUTES: '7' }).statusMaxAgeMs).toBe(7 * 60_000);
    expect(problemsOf({ ...valid, TW_STATUS_MAX_AGE_MINUTES: 'soon' }).some((p) => p.startsWith('TW_STATUS_MAX_AGE_MINUTES'))).toBe(true);
  });

  it('when minutes are fractional, then they are honoured to the millisecond', () => {
    const config = loadConfig({ ...valid, TW_STUCK_THRESHOLD_MINUTES: '0.5', TW_POSTCHECK_DELAY_MINUTES: '0.25' });
    expect(config.stuckThresholdMs).toBe(30_000);
    expect(config.postCheckDelayMs).toBe(15_000);
  });

  it('when identity-based storage settings are used, then no connection string is needed', () => {
    const config = loadConfig({ TW_SCOPES: '/subscriptions/s', AzureWebJobsStorage__accountName: 'acct' });
    expect(config.storageConnection).toBe('identity:https://acct.table.core.windows.net|https://acct.queue.core.windows.net');
  });

  it('when a development token is set without the simulator certificate, then it is refused', () => {
    expect(problemsOf({ ...valid, TW_ARM_DEV_TOKEN: 'dev' })).toEqual(['TW_ARM_DEV_TOKEN is for the local simulator only and needs TW_ARM_CA_FILE']);
  });

  it('when the secure webhook tenant is set without an audience, then it is rejected', () => {
    expect(problemsOf({ ...valid, TW_ALERT_AAD_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47' })).toEqual([
      'TW_ALERT_AAD_AUDIENCE is required when TW_ALERT_AAD_TENANT_ID is set',
    ]);
  });
});
