import { loadConfig, type Config } from '../config/loadConfig';

let cached: Config | undefined;

/**
 * The app's configuration, read from the environment once per process and validated completely
 * (a bad setting fails the first invocation with a message naming every problem).
 */
export function appConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** For tests and the local host, which change settings between app instances in one process. */
export function resetAppConfig(): void {
  cached = undefined;
}
