import { TunnelwatchError } from '../../core/errors';

export type AppSettings = Readonly<Record<string, string>>;

/**
 * Resolves `%NAME%` references the way the Functions host resolves binding properties: from the
 * app settings, which on Azure are environment variables. Here the host's own settings win, then
 * `process.env`. An unknown name is a configuration error, as it is on the real host (the function
 * fails to index).
 */
export function resolveSettingReferences(value: string, settings: AppSettings, where: string): string {
  return value.replace(/%([^%]+)%/g, (_match, name: string) => {
    const resolved = settings[name] ?? process.env[name];
    if (resolved === undefined) {
      throw new TunnelwatchError('CONFIG.INVALID', `${where}: app setting '${name}' is not defined`, false, { setting: name });
    }
    return resolved;
  });
}

/**
 * Looks up a binding's `connection` setting. Like the host, `connection` names a setting (default
 * `AzureWebJobsStorage`) and `AzureWebJobs<name>` is tried as a fallback.
 */
export function resolveConnectionString(connection: unknown, settings: AppSettings, where: string): string {
  const name = typeof connection === 'string' && connection.length > 0 ? connection : 'AzureWebJobsStorage';
  for (const candidate of [name, `AzureWebJobs${name}`]) {
    const value = settings[candidate] ?? process.env[candidate];
    if (value) return value;
  }
  throw new TunnelwatchError('CONFIG.INVALID', `${where}: connection setting '${name}' is not defined`, false, { setting: name });
}

/**
 * Exposes the settings to the app through `process.env` (as Azure does with app settings) for the
 * host's lifetime. The explicit settings win over variables already set; `restore()` puts back what
 * was there before.
 */
export function applySettingsToEnvironment(settings: AppSettings): { restore(): void } {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(settings)) {
    previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  return {
    restore: () => {
      for (const [name, value] of previous) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
