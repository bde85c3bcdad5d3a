import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  FLEET_10K,
  launchChromium,
  measureDashboard,
  startFleetStack,
} from '../test/e2e/support/fleetDashboard';
import type { BenchResult } from './listGateways';

const RUNS = 3;

/**
 * The dashboard in Chromium on a 10,000-link simulated fleet (polled once): time from navigation to the first
 * problem gateway on screen (overview's first render) and from typing a search to its one-row answer (filtered
 * view), each the median of RUNS fresh page loads. Needs /usr/bin/chromium, like the browser tests.
 */
export async function benchDashboard(): Promise<BenchResult> {
  // A process of its own: the bench process has already loaded @azure/functions (in test mode, which skips
  // registrations), and the local host must load the app's functions fresh.
  const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
  const { stdout } = await promisify(execFile)(tsx, [__filename], {
    cwd: path.resolve(__dirname, '..'),
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as BenchResult;
}

async function measure(): Promise<BenchResult> {
  const fleet = await startFleetStack(FLEET_10K);
  const browser = await launchChromium();
  try {
    const search = fleet.healthyId.split('/').at(-1)!;
    const runs: Array<{ overviewMs: number; filteredMs: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      runs.push(await measureDashboard(page, fleet.stack.dashboardUrl, search));
      await page.close();
    }
    return {
      name: 'dashboard10k',
      metrics: {
        links: fleet.links,
        runs: RUNS,
        overviewFirstRenderMs: median(runs.map((r) => r.overviewMs)),
        overviewFirstRenderMaxMs: Math.max(...runs.map((r) => r.overviewMs)),
        filteredViewMs: median(runs.map((r) => r.filteredMs)),
        filteredViewMaxMs: Math.max(...runs.map((r) => r.filteredMs)),
      },
    };
  } finally {
    await browser.close();
    await fleet.stack.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (require.main === module) {
  measure().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (thrown: unknown) => {
      console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
      process.exit(1);
    },
  );
}
