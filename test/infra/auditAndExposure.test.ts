import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankStringsAndComments, objectBody, readInfra, repoRoot } from './bicepText';

const MAIN = readInfra('main.bicep');
const VAULT = readInfra('core/security/keyVault.bicep');
const STORAGE = readInfra('core/storage/storageAccount.bicep');
const WIRING = readInfra('app/alertWiring.bicep');
const DEPLOY = readFileSync(path.join(repoRoot, 'docs/deploy.md'), 'utf8');

/** The body of each diagnostic setting in a module, keyed by what it is scoped to. */
function diagnosticSettings(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(/^resource (\w+) 'Microsoft\.Insights\/diagnosticSettings@[\w-]+' = \{/gm)) {
    const body = objectBody(text, m[0].slice(0, -1));
    const scope = /^\s*scope:\s*(\S+)\s*$/m.exec(body)?.[1];
    if (scope) found.set(scope, body);
  }
  return found;
}

/** The docs section under a `## ` or `### ` heading, up to the next heading of any level. */
function section(markdown: string, heading: string): string {
  const start = markdown.search(new RegExp(`^#{2,3} ${heading}\\s*$`, 'm'));
  if (start < 0) return '';
  const rest = markdown.slice(start).split('\n');
  const end = rest.findIndex((line, i) => i > 0 && /^#{2,3} /.test(line));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

describe('audit logs of the vault and the storage account go to the workspace (infra/)', () => {
  it('the Key Vault sends its audit category group to the Log Analytics workspace', () => {
    const settings = diagnosticSettings(VAULT);
    expect(settings.get('vault')).toMatch(/workspaceId: logAnalyticsWorkspaceId/);
    expect(settings.get('vault')).toMatch(/categoryGroup: 'audit', enabled: true/);
    expect(objectBody(MAIN, "module keyVault 'core/security/keyVault.bicep'")).toMatch(/logAnalyticsWorkspaceId: monitoring\.outputs\.logAnalyticsId/);
  });

  it.each(['blobServices', 'queueServices', 'tableServices'])('storage %s log reads, writes and deletes to the workspace', (service) => {
    const body = diagnosticSettings(STORAGE).get(`storage::${service}`);
    expect(body).toMatch(/workspaceId: logAnalyticsWorkspaceId/);
    expect(body).toMatch(/logs: accessLogs/);
    const logs = /^var accessLogs = \[([\s\S]*?)^\]/m.exec(STORAGE)?.[1] ?? '';
    for (const category of ['StorageRead', 'StorageWrite', 'StorageDelete']) expect(logs).toMatch(new RegExp(`category: '${category}', enabled: true`));
    expect(objectBody(MAIN, "module storage 'core/storage/storageAccount.bicep'")).toMatch(/logAnalyticsWorkspaceId: monitoring\.outputs\.logAnalyticsId/);
  });
});

describe('network exposure is a stated choice (infra/, docs/deploy.md)', () => {
  it.each([
    ['the Key Vault', VAULT],
    ['the storage account', STORAGE],
  ])('%s either denies by default or says, next to its open rule, where the trade-off is documented', (_name, text) => {
    if (/defaultAction: 'Deny'/.test(text)) return;
    expect(text).toMatch(/publicNetworkAccess: 'Enabled'/);
    const open = text.indexOf("publicNetworkAccess: 'Enabled'");
    expect(text.slice(Math.max(0, open - 500), open)).toMatch(/docs\/deploy\.md, "Network exposure"/);
  });

  it('docs/deploy.md explains why both stay reachable and how to close them with VNet integration', () => {
    const text = section(DEPLOY, 'Network exposure');
    expect(text).not.toBe('');
    for (const words of [/Flex Consumption/, /VNet integration/i, /private endpoint/i, /virtualNetworkSubnetId/, /publicNetworkAccess: 'Disabled'/, /Microsoft\.App\/environments/])
      expect(text).toMatch(words);
  });
});

describe('reset rights are granted only at scopes named explicitly (infra/main.bicep)', () => {
  const watched = /^var watchedScopes = (.*)$/m.exec(MAIN)?.[1] ?? '';

  it('an empty monitoredScopes fails the deployment unless only Huawei Cloud is watched', () => {
    expect(watched).toBe('empty(requestedScopes) && !watchesHuawei ? fail(emptyScopesMessage) : requestedScopes');
    expect(MAIN).toMatch(/^var emptyScopesMessage = 'monitoredScopes \(TW_SCOPES\) is empty: [^']+'$/m);
    expect(MAIN).toMatch(/^var watchesHuawei = !empty\(trim\(huaweiScopes\)\)$/m);
  });

  it('no scope defaults to the deployment subscription', () => {
    expect(blankStringsAndComments(watched)).not.toContain('subscription()');
    const params = /^param monitoredScopes array(?: = (.*))?$/m.exec(MAIN);
    expect(params?.[1] ?? '[]').toBe('[]');
  });
});

describe('the alerts function key in the action group (infra/app/alertWiring.bicep, docs/deploy.md)', () => {
  it('the webhook that carries the key also sends an Entra token, so the key alone is not enough', () => {
    expect(WIRING).toMatch(/serviceUri: 'https:\/\/\$\{functionHostName\}\/api\/alerts\?code=\$\{alertsFunctionKey\}'/);
    expect(WIRING).toMatch(/useAadAuth: true/);
  });

  it('docs/deploy.md says who can read the key and how to rotate it and the other function keys', () => {
    const text = section(DEPLOY, 'Rotating keys');
    expect(text).not.toBe('');
    for (const words of [/Reader/, /az functionapp function keys set/, /az functionapp function keys delete/, /azd env set TUNNELWATCH_ALERTS_FUNCTION_KEY/, /azd provision/, /az functionapp keys set/, /default/])
      expect(text).toMatch(words);
  });
});
