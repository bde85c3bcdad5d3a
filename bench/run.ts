import { JSON_MODE } from './jsonMode';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { benchColdStart } from './coldStart';
import { benchDashboard } from './dashboardRender';
import { benchDetectionLatency } from './detectionLatency';
import { benchFaithfulPoll, benchIdle10k } from './faithfulPoll';
import { historyLatency } from './historyLatency';
import { benchListGateways, type BenchResult } from './listGateways';
import { benchPollCycle } from './pollCycle';
import { benchRetention } from './retention';
import { benchHorizon } from './horizon';
import { benchAzuriteInserts } from './azuriteInserts';
import { machine, writeReport, type BenchReport, type Metrics } from './report';

/**
 * `npm run bench` runs every benchmark in turn, prints a readable report and writes bench/results.json and
 * bench/RESULTS.md; `npm run bench -- --json` prints the same results as exactly one JSON object on stdout
 * (progress goes to stderr). `--only poll2k,coldStart` runs a subset (the files are then not rewritten).
 * To add a section, export an async function returning a BenchResult and list it here.
 */
const SECTIONS: ReadonlyArray<{ readonly name: string; readonly run: () => Promise<BenchResult> }> = [
  { name: 'poll2k', run: async () => ({ name: 'poll2k', metrics: { ...(await benchPollCycle({ fleet: '1x100x10x2' })) } }) },
  // The naive baseline at 10,000 links would take many minutes sequentially: it runs on 20 gateways and is scaled (said in the output).
  { name: 'poll10k', run: async () => ({ name: 'poll10k', metrics: withBaseline(await benchPollCycle({ fleet: '1x100x50x2', naiveGatewaySample: 20 })) }) },
  // Lists without status, real read limits, 10% idle links (and an all-idle worst case), on the real 1-minute schedule.
  { name: 'faithful10k', run: () => benchFaithfulPoll((line) => process.stderr.write(`${line}\n`)) },
  // Every link idle, Azure Monitor tunnel metrics on (ingestion delay shortened to 30 s, buckets 5 minutes as in Azure).
  { name: 'idle10k', run: () => benchIdle10k((line) => process.stderr.write(`${line}\n`)) },
  { name: 'detection', run: () => benchDetectionLatency() },
  { name: 'history', run: async () => ({ name: 'history', metrics: { ...(await historyLatency()) } }) },
  { name: 'coldStart', run: () => benchColdStart() },
  { name: 'listGateways', run: () => benchListGateways() },
  { name: 'dashboard10k', run: () => benchDashboard() },
  // Expiring a day of N and of 4N snapshot rows (one DeleteTable each), and the sizing numbers of docs/storage.md.
  { name: 'retention', run: () => benchRetention({ log: (line) => process.stderr.write(`${line}\n`) }) },
  // Azurite alone: does its insert cost follow the table, the partition, or neither (why the local stack spreads snapshots).
  { name: 'azuriteInserts', run: () => benchAzuriteInserts({ log: (line) => process.stderr.write(`${line}\n`) }) },
  // 35 simulated days of the real poll cycle (100 links every 15 simulated minutes) with the daily retention.
  { name: 'horizon', run: () => benchHorizon({ log: (line) => process.stderr.write(`${line}\n`) }) },
];

function withBaseline(n: Awaited<ReturnType<typeof benchPollCycle>>): Metrics {
  const { naiveExtrapolatedFromGateways, ...rest } = n;
  return { ...rest, naiveBaseline: naiveExtrapolatedFromGateways ? `extrapolated linearly from the first ${naiveExtrapolatedFromGateways} gateways` : 'measured in full' };
}

async function main(): Promise<void> {
  const json = JSON_MODE;
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : undefined;
  // In --json mode stdout carries the one JSON object only.
  const say = (line: string): void => void (json ? process.stderr.write(`${line}\n`) : process.stdout.write(`${line}\n`));
  say('building dist/ for the cold-start measure…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  const report: Record<string, unknown> = { machine: machine(), ranAt: new Date().toISOString() };
  for (const section of SECTIONS) {
    if (only && !only.includes(section.name)) continue;
    say(`\n== ${section.name}`);
    const started = performance.now();
    const result = await section.run();
    report[section.name] = result.metrics;
    for (const [key, value] of Object.entries(result.metrics)) say(`  ${key.padEnd(28)} ${value}`);
    say(`  (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  if (!only) writeReport(report as BenchReport);
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else say(only ? '\n(subset: bench/results.json and RESULTS.md not rewritten)' : '\nwrote bench/results.json and bench/RESULTS.md');
}

main().catch((thrown: unknown) => {
  console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
  process.exit(1);
});
