/**
 * Child-process side of bench/pollCycle.ts: runs one scenario against the parent's simulator and Azurite and prints
 * one JSON line with its cost and this process's peak RSS.
 */
import { readFileSync } from 'node:fs';
import { createTableClient, tableName } from '../src/adapters/storage/tableClients';
import { createMonitoringDeps } from '../src/composition/createMonitoringDeps';
import { runPollCycle } from '../src/app/monitoring/runPollCycle';
import { loadConfig } from '../src/config/loadConfig';
import { linkKeyFromId } from '../src/core/ids/linkKey';
import { buildSnapshot } from '../src/core/snapshot/buildSnapshot';
import type { LinkSnapshot } from '../src/core/snapshot/linkSnapshot';
import { mapLimit } from '../src/core/mapLimit';
import { createSimulatorNetworkClient, testTokenCredential } from '../test/support/simulatorClient';

export interface ScenarioInput {
  readonly scenario: 'tunnelwatch' | 'naive';
  readonly simUrl: string;
  readonly caFile: string;
  readonly subscriptionId: string;
  readonly storage: string;
  readonly prefix: string;
  /** Naive only: stop after this many gateways (the parent extrapolates and says so). */
  readonly gatewayLimit?: number;
}

export interface ScenarioOutput {
  readonly links: number;
  readonly armRequests: number;
  readonly tableRoundTrips: number;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly firstCycle?: { readonly armRequests: number; readonly tableRoundTrips: number; readonly wallMs: number };
  /** The cycle's floor: its gateway lists alone and its snapshot rows written alone, each timed apart. */
  readonly floor?: { readonly listMs: number; readonly writeMs: number; readonly snapshots: number };
}

/** ARM's per-subscription read bucket (250) refills at 25 reads/s: empty to full in 10 s. */
const BUCKET_REFILL_MS = 10_000;

async function tunnelwatch(input: ScenarioInput): Promise<Omit<ScenarioOutput, 'peakRssMb'>> {
  const deps = createMonitoringDeps(
    loadConfig({ AzureWebJobsStorage: input.storage, TW_SCOPES: `/subscriptions/${input.subscriptionId}`, TW_ARM_ENDPOINT: input.simUrl, TW_ARM_CA_FILE: input.caFile, TW_TABLE_PREFIX: input.prefix, TW_SHARD_THRESHOLD_GATEWAYS: '100000' }),
    { credential: testTokenCredential },
  );
  await deps.ensureStorage();
  // The first cycle creates every state row; the second is the steady state that runs every minute.
  const first = await runPollCycle(deps);
  // The first cycle also reads what later cycles take from their caches (every gateway's public IPs, the VPN sites'
  // addresses) and can empty ARM's read bucket (250); a steady cycle starts a minute later, when it has refilled.
  await new Promise((resolve) => setTimeout(resolve, BUCKET_REFILL_MS));
  const steady = await runPollCycle(deps, { now: new Date(Date.now() + 60_000) });
  if (steady.failures.length > 0) throw new Error(`cycle failed: ${JSON.stringify(steady.failures.slice(0, 3))}`);
  const floor = await measureFloor(deps, Date.now() + 120_000);
  return {
    floor,
    links: steady.links,
    armRequests: steady.armRequests,
    tableRoundTrips: steady.tableRoundTrips,
    wallMs: steady.durationMs,
    firstCycle: { armRequests: first.armRequests, tableRoundTrips: first.tableRoundTrips, wallMs: first.durationMs },
  };
}

/**
 * What a cycle's reads and writes cost apart, in the same process with the same clients: every poll target listed
 * alone (the same FleetReader, TW_ARM_CONCURRENCY at a time, after the read bucket refilled), then the same number
 * of snapshots written alone through the same adapter (the steady cycle's rows, a poll later).
 */
async function measureFloor(deps: ReturnType<typeof createMonitoringDeps>, atMs: number): Promise<NonNullable<ScenarioOutput['floor']>> {
  const { targets } = await deps.fleet.discover(deps.settings.scopes);
  await new Promise((resolve) => setTimeout(resolve, BUCKET_REFILL_MS));
  const listStarted = performance.now();
  const lists = await mapLimit(targets, deps.settings.armConcurrency, (t) => deps.fleet.listTarget(t));
  const listMs = Math.round(performance.now() - listStarted);
  const snapshots: LinkSnapshot[] = lists.flatMap((l) => l.observations.map((o) => buildSnapshot(o, undefined, atMs)));
  const writeStarted = performance.now();
  await deps.snapshots.write(snapshots);
  return { listMs, writeMs: Math.round(performance.now() - writeStarted), snapshots: snapshots.length };
}

/** StackQL-style: one list per connection, one entity write per link, strictly one request at a time. */
async function naive(input: ScenarioInput): Promise<Omit<ScenarioOutput, 'peakRssMb'>> {
  const ca = readFileSync(input.caFile, 'utf8');
  const client = createSimulatorNetworkClient({ url: input.simUrl, certPem: ca }, input.subscriptionId);
  const counter = { count: 0 };
  const table = createTableClient(input.storage, tableName(input.prefix, 'naive'), counter);
  await table.ensureExists();
  counter.count = 0;
  const started = performance.now();
  let arm = 0;
  let links = 0;
  const gateways: Array<{ rg: string; name: string }> = [];
  for await (const page of client.vpnGateways.list().byPage()) {
    arm++;
    for (const g of page) gateways.push({ rg: g.id!.split('/')[4]!, name: g.name! });
  }
  for (const g of gateways.slice(0, input.gatewayLimit ?? gateways.length)) {
    const connections: string[] = [];
    for await (const page of client.vpnConnections.listByVpnGateway(g.rg, g.name).byPage()) {
      arm++;
      connections.push(...page.map((c) => c.name!));
    }
    for (const c of connections) {
      for await (const page of client.vpnLinkConnections.listByVpnConnection(g.rg, g.name, c).byPage()) {
        arm++;
        for (const link of page) {
          links++;
          await table.upsert({ partitionKey: 'naive', rowKey: linkKeyFromId(link.id!), status: link.connectionStatus ?? 'Unknown', ingress: String(link.ingressBytesTransferred ?? 0) });
        }
      }
    }
  }
  return { links, armRequests: arm, tableRoundTrips: counter.count, wallMs: Math.round(performance.now() - started) };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ScenarioInput;
  const result = input.scenario === 'tunnelwatch' ? await tunnelwatch(input) : await naive(input);
  const peakRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
  console.log(JSON.stringify({ ...result, peakRssMb }));
}

if (require.main === module) {
  main().catch((thrown: unknown) => {
    console.error(thrown);
    process.exit(1);
  });
}
