import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { functionEntryFiles } from '../src/local/stack/localStack';
import type { BenchResult } from './listGateways';

/** A dummy connection string: telemetry is built but nothing can leave the machine (port 9, loopback). */
export const DUMMY_APPINSIGHTS = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/';

const ROOT = path.resolve(__dirname, '..');

/**
 * Cold start of the compiled app: in a fresh `node` per run, require every function entry point (as the worker
 * does at start-up) and build the telemetry client the first invocation builds. Median of `runs`, without and with
 * APPLICATIONINSIGHTS_CONNECTION_STRING (applicationinsights is only loaded when it is set).
 */
export async function benchColdStart(options: { readonly runs?: number } = {}): Promise<BenchResult> {
  const runs = options.runs ?? 7;
  const functionsDir = path.join(ROOT, 'dist/src/functions');
  if (!existsSync(functionsDir)) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const files = functionEntryFiles(functionsDir).filter((f) => f.endsWith('.js'));
  const telemetry = path.join(ROOT, 'dist/src/composition/appTelemetry.js');
  const script = `const t0 = process.hrtime.bigint();
for (const f of ${JSON.stringify(files)}) require(f);
require(${JSON.stringify(telemetry)}).appTelemetry();
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
process.exit(0);`;
  const measure = (withAppInsights: boolean): number => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const env: NodeJS.ProcessEnv = { ...process.env, TW_SCOPES: '/subscriptions/00000000-0000-0000-0000-000000000000', AzureWebJobsStorage: 'UseDevelopmentStorage=true' };
      delete env.APPLICATIONINSIGHTS_CONNECTION_STRING;
      if (withAppInsights) env.APPLICATIONINSIGHTS_CONNECTION_STRING = DUMMY_APPINSIGHTS;
      const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
      const ms = Number(child.stdout);
      if (child.status !== 0 || !Number.isFinite(ms)) throw new Error(`cold start run failed (${child.status}): ${child.stderr.slice(0, 500)}`);
      samples.push(ms);
    }
    return median(samples);
  };
  const importMs = measure(false);
  const importWithAppInsightsMs = measure(true);
  return {
    name: 'coldStart',
    metrics: { entryPoints: files.length, runs, importMs: round(importMs), importWithAppInsightsMs: round(importWithAppInsightsMs), appInsightsCostRatio: round(importWithAppInsightsMs / importMs, 2) },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
