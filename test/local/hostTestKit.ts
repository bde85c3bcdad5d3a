import path from 'node:path';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../src/local/host/localHost';

export const fixture = (name: string): string => path.join(__dirname, '../fixtures/hostApp', name);

export interface TestHost extends LocalHost {
  readonly lines: string[];
}

/** A host on a free loopback port whose log lines are kept for assertions. */
export async function startTestHost(options: Partial<LocalHostOptions> & Pick<LocalHostOptions, 'entryFiles'>): Promise<TestHost> {
  const lines: string[] = [];
  const host = await startLocalHost({ port: 0, stopTimeoutMs: 3000, log: (line) => lines.push(line), ...options });
  return Object.assign(host, { lines });
}

/** Polls `check` until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
