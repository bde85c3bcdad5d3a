import path from 'node:path';
import { startLocalStack, type LocalStack } from '../src/local/stack/localStack';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median } from './coldStart';

/**
 * `npm run soak -- --minutes 5` (default 30; not in CI): the real local stack (local host with the app's own
 * registrations, Azurite, simulator) on a 2,000-link fleet with flapping and stuck links, polling every 10 s.
 * Samples RSS, active handles and cycle time each cycle; at the end checks they stayed flat and that every incident
 * is accounted for (open only on links that are still down). Prints a summary; exits 1 when a check fails.
 */
const ROOT = path.resolve(__dirname, '..');
const FLAPPING = 40;
const STUCK = 5;

interface Sample {
  readonly atS: number;
  readonly rssMb: number;
  readonly handles: number;
  readonly cycleMs?: number;
  /** CPU this process (app, local host, simulator) used since the previous sample, in ms. */
  readonly appCpuMs: number;
  /** CPU the Azurite process used since the previous sample, in ms (Linux /proc; undefined elsewhere). */
  readonly azuriteCpuMs?: number;
}

interface LinkRow {
  readonly id: string;
  readonly status: string;
  readonly incidentId?: string;
}

async function main(): Promise<void> {
  const minutesAt = process.argv.indexOf('--minutes');
  const minutes = minutesAt > 0 ? Number(process.argv[minutesAt + 1]) : 30;
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('--minutes must be a positive number');
  const cycleTimes: number[] = [];
  const cycleCosts: Array<{ armRequests: number; tableRoundTrips: number }> = [];
  const stack = await startLocalStack({
    functionsDir: path.join(ROOT, 'src/functions'),
    hostJsonPath: path.join(ROOT, 'host.json'),
    port: 0,
    fleet: '1x100x10x2',
    settings: { TW_POLL_SCHEDULE: '*/10 * * * * *', TW_RESET_COOLDOWN_MINUTES: '2', TW_SHARD_THRESHOLD_GATEWAYS: '1000' },
    log: (line) => {
      const cycle = /Functions\.poll .*cycle: .* · (\d+) ARM requests · (\d+) table round trips · (\d+) ms/.exec(line);
      if (!cycle) return;
      cycleTimes.push(Number(cycle[3]));
      cycleCosts.push({ armRequests: Number(cycle[1]), tableRoundTrips: Number(cycle[2]) });
    },
  });
  try {
    const stuckIds = stageScenarios(stack);
    const samples: Sample[] = [];
    const started = performance.now();
    const endAt = started + minutes * 60_000;
    const azuriteCpu = azuriteCpuReader();
    let cpu = process.cpuUsage();
    let azurite = azuriteCpu();
    while (performance.now() < endAt) {
      await sleep(10_000);
      global.gc?.();
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const azuriteNow = azuriteCpu();
      samples.push({
        atS: Math.round((performance.now() - started) / 1000),
        rssMb: process.memoryUsage().rss / 1024 / 1024,
        handles: process.getActiveResourcesInfo().length,
        cycleMs: cycleTimes.at(-1),
        appCpuMs: (used.user + used.system) / 1000,
        ...(azuriteNow !== undefined && azurite !== undefined && { azuriteCpuMs: azuriteNow - azurite }),
      });
      azurite = azuriteNow;
    }
    const links = await readLinks(stack);
    const checks = evaluate(samples, cycleTimes, cycleCosts, links, stack, stuckIds);
    printSummary(minutes, samples, cycleTimes, links, stack, checks);
    process.exitCode = checks.some((c) => c.ok === false) ? 1 : 0;
  } finally {
    await stack.stop();
  }
}

function stageScenarios(stack: LocalStack): string[] {
  const sim = stack.simulator!;
  const candidates = sim.listLinks().filter((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly');
  const byGateway = [...new Map(candidates.map((l) => [l.gatewayId, l])).values()];
  const stuck = byGateway.slice(0, STUCK);
  stuck.forEach((l) => sim.setLinkState({ id: l.id, status: 'NotConnected', scenario: 'stuck' }));
  byGateway.slice(STUCK, STUCK + FLAPPING).forEach((l, i) => sim.setLinkState({ id: l.id, scenario: 'flap', seconds: 20 + (i % 5) * 10 }));
  return stuck.map((l) => l.id);
}

async function readLinks(stack: LocalStack): Promise<LinkRow[]> {
  const rows: LinkRow[] = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const url = `${stack.host.apiUrl}/links?top=1000${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
    const response = await fetch(url, { headers: { 'x-functions-key': stack.host.functionKey } });
    const body = (await response.json()) as { links?: LinkRow[]; continuationToken?: string };
    rows.push(...(body.links ?? []));
    token = body.continuationToken;
    if (!token) break;
  }
  return rows;
}

interface Check {
  readonly name: string;
  /** 'info' is reported, never failed. */
  readonly ok: boolean | 'info';
  readonly detail: string;
}

function evaluate(samples: readonly Sample[], cycles: readonly number[], costs: ReadonlyArray<{ armRequests: number; tableRoundTrips: number }>, links: readonly LinkRow[], stack: LocalStack, stuckIds: readonly string[]): Check[] {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = samples.slice(0, third);
  const last = samples.slice(-third);
  const rssFirst = median(first.map((s) => s.rssMb));
  const rssLast = median(last.map((s) => s.rssMb));
  const handlesFirst = Math.max(...first.map((s) => s.handles));
  const handlesLast = Math.max(...last.map((s) => s.handles));
  const cycleThird = Math.max(1, Math.floor(cycles.length / 3));
  // The first minute's cycles (every 10 s; the very first one creates the link states and is left out).
  const cycleFirst = median(cycles.slice(1, 7));
  const cycleLast = median(cycles.slice(-cycleThird));
  const cpuFirst = median(first.map((s) => s.appCpuMs));
  const cpuLast = median(last.map((s) => s.appCpuMs));
  const azFirst = median(first.flatMap((s) => (s.azuriteCpuMs === undefined ? [] : [s.azuriteCpuMs])));
  const azLast = median(last.flatMap((s) => (s.azuriteCpuMs === undefined ? [] : [s.azuriteCpuMs])));
  const costThird = Math.max(1, Math.floor(costs.length / 3));
  const rtFirst = Math.max(...costs.slice(1, costThird + 1).map((c) => c.tableRoundTrips));
  const rtLast = Math.max(...costs.slice(-costThird).map((c) => c.tableRoundTrips));
  const armFirst = Math.max(...costs.slice(1, costThird + 1).map((c) => c.armRequests));
  const armLast = Math.max(...costs.slice(-costThird).map((c) => c.armRequests));
  const resets = stack.simulator!.calls().resets;
  const openOnHealthy = links.filter((l) => l.incidentId !== undefined && l.status === 'Connected');
  return [
    { name: 'RSS flat', ok: rssLast <= rssFirst * 1.25 + 20, detail: `median ${rssFirst.toFixed(0)} MB (first third) → ${rssLast.toFixed(0)} MB (last third)` },
    { name: 'handles flat', ok: handlesLast <= handlesFirst + 10, detail: `max ${handlesFirst} → ${handlesLast} active resources` },
    // What tunnelwatch itself spends per cycle: its CPU (this process: app, host, simulator) and its I/O.
    { name: 'app CPU per interval flat', ok: cpuLast <= cpuFirst * 1.5 + 200, detail: `median ${cpuFirst.toFixed(0)} ms → ${cpuLast.toFixed(0)} ms of CPU per 10 s` },
    { name: 'cycle cost flat', ok: costs.length >= 3 && rtLast <= rtFirst * 1.1 + 2 && armLast <= armFirst * 1.1 + 2, detail: `table round trips ${rtFirst} → ${rtLast}, ARM requests ${armFirst} → ${armLast} per cycle` },
    // Wall time also contains the storage emulator, whose insert cost grows with the rows already in a partition
    // (real Table Storage's does not): the local stack spreads snapshots over 64 partitions a day so that a working
    // day of npm start keeps its pace. Shown with Azurite's own CPU so the two can be told apart.
    {
      name: 'cycle time flat (wall, includes Azurite): last third within 1.5 × the first minute',
      ok: cycles.length >= 10 && cycleLast <= cycleFirst * 1.5,
      detail: `median ${cycleFirst} ms (first minute) → ${cycleLast} ms (last third) over ${cycles.length} cycles; Azurite CPU ${azFirst.toFixed(0)} → ${azLast.toFixed(0)} ms per 10 s`,
    },
    { name: 'every link polled', ok: links.length >= 2000, detail: `${links.length} links in /api/links` },
    { name: 'no incident open on a healthy link', ok: openOnHealthy.length === 0, detail: `${openOnHealthy.length} open on Connected links` },
    { name: 'stuck links reset (or still within their incident)', ok: stuckIds.every((id) => (resets[id] ?? 0) > 0 || links.some((r) => r.id === id && r.incidentId)), detail: `${Object.values(resets).reduce((a, b) => a + b, 0)} resets in total` },
  ];
}

function printSummary(minutes: number, samples: readonly Sample[], cycles: readonly number[], links: readonly LinkRow[], stack: LocalStack, checks: readonly Check[]): void {
  const byStatus: Record<string, number> = {};
  for (const l of links) byStatus[l.status] = (byStatus[l.status] ?? 0) + 1;
  console.log(`soak: ${minutes} min, 2,000-link fleet, ${STUCK} stuck + ${FLAPPING} flapping links, poll every 10 s`);
  console.log(`  samples ${samples.length}, cycles ${cycles.length}, peak RSS ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} MB`);
  console.log(`  links by status ${JSON.stringify(byStatus)}; open incidents ${links.filter((l) => l.incidentId).length}`);
  console.log(`  ARM calls ${JSON.stringify(stack.simulator!.calls().byOperation)}`);
  for (const c of checks) console.log(`  ${c.ok === 'info' ? 'info' : c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
}

/** Reads the Azurite child's CPU time (utime + stime, in ms) from /proc, where there is one. */
function azuriteCpuReader(): () => number | undefined {
  let pid: string | undefined;
  try {
    pid = execSync(`pgrep -P ${process.pid} -f azurite`, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    pid = undefined;
  }
  return () => {
    if (!pid) return undefined;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((thrown: unknown) => {
  console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
  process.exit(1);
});
