import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpResponseInit } from '@azure/functions';
import fc from 'fast-check';

export const ALERT_SAMPLES_DIR = path.resolve(__dirname, '../../../shared/reference/alerts');

/** The real Azure Monitor payloads (falls back to none if the reference folder is absent). */
export function alertSamples(): unknown[] {
  try {
    return readdirSync(ALERT_SAMPLES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(ALERT_SAMPLES_DIR, f), 'utf8')) as unknown);
  } catch {
    return [];
  }
}

/** Values that break naive code: wrong types, huge and odd numbers, prototype keys, long strings. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1e308, Number.NaN, '', ' ', '__proto__', 'constructor', '9'.repeat(400), '\u0000', '/subscriptions/', [], {}),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A mutation of a JSON document: replace, delete or insert a value somewhere (depth-first path chosen at random). */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  return fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.constantFrom('replace', 'delete', 'insert'), nastyValue).map(([path, op, value]) => {
    const copy: unknown = structuredClone(base);
    mutateAt(copy, path, op, value);
    return copy;
  });
}

function mutateAt(node: unknown, path: readonly number[], op: string, value: unknown): void {
  let current = node;
  for (let depth = 0; depth < path.length; depth++) {
    if (typeof current !== 'object' || current === null) return;
    const keys = Object.keys(current);
    if (keys.length === 0) return;
    const key = keys[path[depth]! % keys.length]!;
    const child = (current as Record<string, unknown>)[key];
    const last = depth === path.length - 1 || typeof child !== 'object' || child === null;
    if (last) {
      if (op === 'delete') delete (current as Record<string, unknown>)[key];
      else if (op === 'insert') (current as Record<string, unknown>)[`x${path[depth]}`] = value;
      else (current as Record<string, unknown>)[key] = value;
      return;
    }
    current = child;
  }
}

/** Every answer the fuzzers accept: 2xx, or 4xx with a JSON `{ error: { code, message } }`. Returns the problem, if any. */
export function badAnswer(response: HttpResponseInit): string | undefined {
  const status = response.status ?? 200;
  if (status >= 500) return `status ${status}: ${JSON.stringify(response.jsonBody ?? response.body ?? null).slice(0, 300)}`;
  if (status >= 400) {
    const body = response.jsonBody as { error?: { code?: unknown; message?: unknown } } | undefined;
    if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') return `status ${status} without a JSON error body`;
  }
  if (status < 200 || (status >= 300 && status < 400)) return `unexpected status ${status}`;
  return undefined;
}

/** Fails a request that takes longer than `ms` (a hang is a failure, not a slow test). */
export async function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;
