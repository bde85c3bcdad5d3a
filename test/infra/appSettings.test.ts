import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig';
import { SETTINGS } from '../../src/config/settings';
import {
  entryValues,
  objectBody,
  paramDeclarations,
  paramsFeeding,
  readInfra,
  settingValueOfDefault,
  topLevelKeys,
  varDeclarations,
} from './bicepText';

const MAIN = readInfra('main.bicep');
const HOST = readInfra('core/host/functionsFlexConsumption.bicep');
const APP_SETTINGS_HEADER = 'var tunnelwatchSettings =';
const PLATFORM_SETTINGS_HEADER = 'var platformSettings =';

/** Settings the platform and the identity need, which the config schema deliberately does not list. */
const PLATFORM_OR_IDENTITY =
  /^(AzureWebJobsStorage__\w+|APPLICATIONINSIGHTS_\w+|AZURE_CLIENT_ID|FUNCTIONS_EXTENSION_VERSION|languageWorkers__node__arguments)$/;

const settingsOf = (devOnly: boolean) =>
  SETTINGS.filter((s) => !('platform' in s && s.platform) && ('devOnly' in s && s.devOnly) === devOnly).map(
    (s) => s.name as string,
  );
const operatorSettings = settingsOf(false);
const devOnlySettings = settingsOf(true);
const knownNames = new Set<string>(SETTINGS.map((s) => s.name));

function bicepSettingNames(mainText: string, hostText: string): string[] {
  return [
    ...topLevelKeys(objectBody(mainText, APP_SETTINGS_HEADER)),
    ...topLevelKeys(objectBody(hostText, PLATFORM_SETTINGS_HEADER)),
  ];
}

function compareWithConfig(names: readonly string[]) {
  return {
    missing: operatorSettings.filter((name) => !names.includes(name)),
    unknown: names.filter((name) => !knownNames.has(name) && !PLATFORM_OR_IDENTITY.test(name)),
    devOnlySet: names.filter((name) => devOnlySettings.includes(name)),
  };
}

const appValues = entryValues(objectBody(MAIN, APP_SETTINGS_HEADER));
const platformValues = entryValues(objectBody(HOST, PLATFORM_SETTINGS_HEADER));
const params = paramDeclarations(MAIN);
const vars = varDeclarations(MAIN);

describe('app settings produced by Bicep, compared with src/config/settings.ts', () => {
  const names = bicepSettingNames(MAIN, HOST);

  it('every setting an operator can set is configured by Bicep', () => {
    expect(compareWithConfig(names).missing).toEqual([]);
  });

  it('Bicep sets no setting the config does not know, besides the platform and identity ones', () => {
    expect(compareWithConfig(names).unknown).toEqual([]);
  });

  it('development-only settings (the simulator endpoint and its CA file) are never set in Azure', () => {
    expect(devOnlySettings).toEqual(expect.arrayContaining(['TW_ARM_ENDPOINT', 'TW_ARM_CA_FILE']));
    expect(compareWithConfig(names).devOnlySet).toEqual([]);
  });

  it('no setting is set both by the platform block and the app block (union would silently pick one)', () => {
    const platform = topLevelKeys(objectBody(HOST, PLATFORM_SETTINGS_HEADER));
    expect(platform.filter((name) => appValues.has(name))).toEqual([]);
  });

  it('when a setting goes missing from the Bicep, or an unknown one appears, the comparison reports it', () => {
    const withoutPollQueue = MAIN.replace(/^\s*TW_POLL_QUEUE:.*\n/m, '');
    const withStray = MAIN.replace(
      `${APP_SETTINGS_HEADER} {`,
      `${APP_SETTINGS_HEADER} {\n  TW_NOT_A_SETTING: 'x'`,
    );
    expect(compareWithConfig(bicepSettingNames(withoutPollQueue, HOST)).missing).toEqual(['TW_POLL_QUEUE']);
    expect(compareWithConfig(bicepSettingNames(withStray, HOST)).unknown).toEqual(['TW_NOT_A_SETTING']);
  });
});

describe('each TW_* setting comes from a documented main.bicep parameter with the config default', () => {
  it.each(operatorSettings)('%s', (name) => {
    const value = appValues.get(name);
    expect(value, `${name} has no single-line value in ${APP_SETTINGS_HEADER}`).toBeDefined();
    // deployAlertWiring only switches the tenant on when the secure webhook is wired (see the secure webhook test);
    // huaweiScopes only decides whether an empty TW_SCOPES fails the deployment (auditAndExposure.test.ts).
    const guards = name === 'TW_SCOPES' ? ['deployAlertWiring', 'huaweiScopes'] : ['deployAlertWiring'];
    const feeding = paramsFeeding(value!, params, vars).filter((p) => !guards.includes(p));
    expect(feeding).toHaveLength(1);
    const param = params.get(feeding[0]!)!;
    expect(param.decorators).toContain('@description(');
    const setting = SETTINGS.find((s) => s.name === name)!;
    const expected = 'default' in setting ? setting.default : '';
    expect(settingValueOfDefault(param.defaultText ?? '<required>')).toBe(expected);
  });
});

describe('deployment defaults', () => {
  it('a fresh deployment is in dry-run, and flipping it is the one parameter remediationMode', () => {
    expect(appValues.get('TW_REMEDIATION_MODE')).toBe('remediationMode');
    expect(params.get('remediationMode')?.defaultText).toBe("'dry-run'");
    expect(params.get('remediationMode')?.decorators).toContain(
      "@allowed(['enabled', 'dry-run', 'disabled'])",
    );
  });

  it('TW_SCOPES is the monitoredScopes array parameter, joined with commas', () => {
    expect(params.get('monitoredScopes')?.type).toBe('array');
    expect(appValues.get('TW_SCOPES')).toMatch(/^join\(\w+, ','\)$/);
    // huaweiScopes only decides whether an empty list fails the deployment (a Huawei-only deployment has no ARM scope).
    expect(paramsFeeding(appValues.get('TW_SCOPES')!, params, vars)).toEqual(['monitoredScopes', 'huaweiScopes']);
  });

  it('the settings of a fresh deployment form a valid configuration for the config loader', () => {
    const env: Record<string, string> = {
      AzureWebJobsStorage__tableServiceUri: 'https://sttw.table.core.windows.net',
      AzureWebJobsStorage__queueServiceUri: 'https://sttw.queue.core.windows.net',
    };
    for (const [name, value] of appValues) {
      const param = params.get(
        paramsFeeding(value, params, vars).filter((p) => p !== 'deployAlertWiring')[0]!,
      );
      env[name] = settingValueOfDefault(param?.defaultText ?? '');
    }
    env.TW_SCOPES = '/subscriptions/00000000-0000-0000-0000-000000000001'; // the deployment subscription
    const config = loadConfig(env);
    expect(config.remediationMode).toBe('dry-run');
    expect(config.armEndpoint).toBe('https://management.azure.com');
  });
});

describe('platform settings: identity only', () => {
  it('the host reaches storage with the managed identity (credential, client id, service URIs), never a connection string', () => {
    expect(platformValues.get('AzureWebJobsStorage__credential')).toBe("'managedidentity'");
    expect(platformValues.get('AzureWebJobsStorage__clientId')).toBe('identityClientId');
    for (const service of ['blob', 'queue', 'table']) {
      expect(platformValues.get(`AzureWebJobsStorage__${service}ServiceUri`)).toBe(`${service}ServiceUri`);
    }
    expect([...platformValues.keys(), ...appValues.keys()]).not.toContain('AzureWebJobsStorage');
  });

  it('Application Insights ingestion is Entra-authenticated with the app identity, and the SDKs use it too', () => {
    expect(platformValues.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')).toBe(
      "'ClientId=${identityClientId};Authorization=AAD'",
    );
    expect(platformValues.get('AZURE_CLIENT_ID')).toBe('identityClientId');
  });
});

describe('the Node worker arguments', () => {
  it('are the ones the poll benchmark runs with, loaded by the Bicep from one file', () => {
    const settings = JSON.parse(readInfra('app/node-worker.json')) as {
      languageWorkers__node__arguments: string;
    };
    expect(settings.languageWorkers__node__arguments).toMatch(/^--max-old-space-size=\d+$/);
    expect(HOST).toContain("loadJsonContent('../../app/node-worker.json').languageWorkers__node__arguments");
    expect(readInfra('../bench/pollCycle.ts')).toContain("'infra', 'app', 'node-worker.json'");
  });
});

describe('hardening of the deployed host', () => {
  it('when the action group secure webhook is wired, the app expects the same tenant and audience the webhook sends', () => {
    const wiring = /module alertWiring [^{]*\{[\s\S]*?\n\}/.exec(MAIN)?.[0] ?? '';
    const tenantSource = appValues.get('TW_ALERT_AAD_TENANT_ID')!;
    expect(wiring).toContain(`webhookTenantId: ${tenantSource}`);
    expect(wiring).toContain(`webhookIdentifierUri: ${appValues.get('TW_ALERT_AAD_AUDIENCE')!}`);
    // With no explicit tenant, wiring the webhook still switches token checks on (the deployment tenant).
    expect(vars.get(tenantSource)).toMatch(/deployAlertWiring \? tenant\(\)\.tenantId : ''/);
  });

  it('the host caps request bodies at about 1 MB', () => {
    expect(platformValues.get('FUNCTIONS_REQUEST_BODY_SIZE_LIMIT')).toBe("'1048576'");
  });

  it('SCM and FTP basic publishing credentials are disabled', () => {
    for (const name of ['scm', 'ftp']) {
      expect(HOST).toMatch(
        new RegExp(
          `basicPublishingCredentialsPolicies@[^']+' = \\{\\s*parent: functionApp\\s*name: '${name}'\\s*properties: \\{ allow: false \\}`,
        ),
      );
    }
  });
});
