import { expect } from 'vitest';
import { loadConfig } from '../../../../src/config/loadConfig';
import { TunnelwatchError } from '../../../../src/core/errors';

/** The problems loadConfig names for `env` (one CONFIG.INVALID error), or [] when it is valid. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(TunnelwatchError);
    expect((error as TunnelwatchError).code).toBe('CONFIG.INVALID');
    return (error as TunnelwatchError).details.problems as string[];
  }
}
