/**
 * Poll-cycle benchmark (issue 3): one full cycle of tunnelwatch vs a naive StackQL-style baseline (list link
 * connections per connection, write one entity per request, sequentially) on the same simulated fleet, with 30 ms
 * of latency on every ARM request and Azurite for storage. Each scenario runs in its own child process, so its
 * peak RSS (resourceUsage().maxRSS) is that scenario's alone; the simulator and Azurite run in the parent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite } from '../src/local/stack/startAzurite';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import type { BenchResult } from './listGateways';
import type { ScenarioInput, ScenarioOutput } from './pollCycleScenarios';

export interface PollCycleBenchNumbers {
  readonly links: number;
  readonly armRequests: number;
  readonly naiveArmRequests: number;
  readonly tableRoundTrips: number;
  readonly naiveTableRoundTrips: number;
  readonly wallMs: number;
  readonly naiveWallMs: number;
  readonly peakRssMb: number;
  readonly naivePeakRssMb: number;
  /** The larger of the cycle's gateway lists alone and its snapshot rows written alone (same run, same clients). */
  readonly floorMs: number;
  readonly floorListMs: number;
  readonly floorWriteMs: number;
  /** Set when the baseline ran on the first N gateways only and its cost was scaled up linearly. */
  readonly naiveExtrapolatedFromGateways?: number;
}

export interface PollCycleBenchOptions {
  /** Fleet spec subscriptions x gateways x connections x links. Default 1x100x10x2 = 2,000 links. */
  readonly fleet?: string;
  readonly latencyMs?: number;
  /** Run the naive baseline on the first N gateways only and extrapolate (said so in the output). */
  readonly naiveGatewaySample?: number;
}

export async function benchPollCycle(options: PollCycleBenchOptions = {}): Promise<PollCycleBenchNumbers> {
  const fleet = options.fleet ?? '1x100x10x2';
  const gateways = Number(fleet.split('x')[1]);
  const azurite = await startAzurite();
  // poll2k / poll10k measure the regime where lists carry connectionStatus (statusInLists), under ARM's real read
  // limits (the simulator's defaults: bucket 250 + 25/s, 10,000 reads per 5 minutes).
  const sim = await startSimulator({ fleet: { spec: fleet, classicConnections: 0, expressRoute: false }, statusInLists: true });
  try {
    sim.addFault({ kind: 'latency', ms: options.latencyMs ?? 30 });
    const input = (scenario: ScenarioInput['scenario'], extra: Partial<ScenarioInput> = {}): ScenarioInput => ({
      scenario,
      simUrl: sim.url,
      caFile: writeCa(sim),
      subscriptionId: sim.fleet.subscriptionIds()[0]!,
      storage: azurite.connectionString,
      prefix: `b${scenario.slice(0, 5)}${Date.now() % 100000}`,
      ...extra,
    });
    const tw = await runChild(input('tunnelwatch'));
    const sample = options.naiveGatewaySample && options.naiveGatewaySample < gateways ? options.naiveGatewaySample : undefined;
    const naive = await runChild(input('naive', sample ? { gatewayLimit: sample } : {}));
    const scale = sample ? gateways / sample : 1;
    return {
      links: tw.links,
      armRequests: tw.armRequests,
      naiveArmRequests: Math.round(naive.armRequests * scale),
      tableRoundTrips: tw.tableRoundTrips,
      naiveTableRoundTrips: Math.round(naive.tableRoundTrips * scale),
      wallMs: tw.wallMs,
      floorMs: Math.max(tw.floor?.listMs ?? 0, tw.floor?.writeMs ?? 0),
      floorListMs: tw.floor?.listMs ?? 0,
      floorWriteMs: tw.floor?.writeMs ?? 0,
      naiveWallMs: Math.round(naive.wallMs * scale),
      peakRssMb: tw.peakRssMb,
      naivePeakRssMb: naive.peakRssMb,
      ...(sample && { naiveExtrapolatedFromGateways: sample }),
    };
  } finally {
    await sim.stop();
    await azurite.stop();
  }
}

/**
 * The poll runs with the Node arguments the deployed function app gives its worker (infra/app/node-worker.json,
 * loaded by the Bicep too), so the peak RSS measured here is the one Azure would see.
 */
function workerNodeArguments(): string[] {
  const file = path.resolve(__dirname, '..', 'infra', 'app', 'node-worker.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as { languageWorkers__node__arguments: string };
  return settings.languageWorkers__node__arguments.split(' ').filter(Boolean);
}

function writeCa(sim: SimulatorHandle): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tw-bench-')), 'sim.pem');
  writeFileSync(file, sim.certPem);
  return file;
}

function runChild(input: ScenarioInput): Promise<ScenarioOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...workerNodeArguments(), '--import', 'tsx', path.join(__dirname, 'pollCycleScenarios.ts'), JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${input.scenario} scenario exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as ScenarioOutput);
    });
  });
}

/** The two runs the issue asks for, as one bench/run.ts section each. */
export async function benchPollCycleSection(fleet: string, naiveGatewaySample?: number): Promise<BenchResult> {
  const n = await benchPollCycle({ fleet, ...(naiveGatewaySample !== undefined && { naiveGatewaySample }) });
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a');
  return {
    name: `pollCycle ${n.links} links`,
    metrics: {
      links: n.links,
      armRequests: n.armRequests,
      naiveArmRequests: n.naiveArmRequests,
      tableRoundTrips: n.tableRoundTrips,
      naiveTableRoundTrips: n.naiveTableRoundTrips,
      linksPerTableRoundTrip: (n.links / Math.max(1, n.tableRoundTrips)).toFixed(1),
      wallMs: n.wallMs,
      naiveWallMs: n.naiveWallMs,
      wallTimeRatio: ratio(n.naiveWallMs, n.wallMs),
      armRequestRatio: ratio(n.naiveArmRequests, n.armRequests),
      peakRssMb: n.peakRssMb,
      naivePeakRssMb: n.naivePeakRssMb,
      naiveBaseline: n.naiveExtrapolatedFromGateways ? `EXTRAPOLATED linearly from the first ${n.naiveExtrapolatedFromGateways} gateways` : 'measured in full',
    },
  };
}

if (require.main === module) {
  const fleet = process.argv[2] ?? '1x100x10x2';
  const sample = process.argv[3] ? Number(process.argv[3]) : undefined;
  benchPollCycleSection(fleet, sample)
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((thrown: unknown) => {
      console.error(thrown);
      process.exit(1);
    });
}
