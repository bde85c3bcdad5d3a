import { SETTINGS } from './settings';

/** Local defaults that differ from the production defaults, so a copied sample runs against Azurite safely. */
const LOCAL_VALUES: Readonly<Record<string, string>> = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  TW_SCOPES: '/subscriptions/00000000-0000-0000-0000-000000000001',
  TW_REMEDIATION_MODE: 'dry-run',
};

/** The text of local.settings.sample.json: every setting with a safe local value and its meaning. */
export function renderSettingsSample(): string {
  const values: Record<string, string> = {};
  const meanings: Record<string, string> = {};
  for (const setting of SETTINGS) {
    values[setting.name] = LOCAL_VALUES[setting.name] ?? ('default' in setting ? setting.default : '');
    meanings[setting.name] = setting.meaning;
  }
  return JSON.stringify({ IsEncrypted: false, Values: values, Meanings: meanings }, null, 2) + '\n';
}
