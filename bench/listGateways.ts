import { fleetNames, parseFleetSpec, startSimulator } from '../src/simulator';
import { createSimulatorNetworkClient } from '../test/support/simulatorClient';

export interface BenchResult {
  readonly name: string;
  readonly metrics: Readonly<Record<string, number | string>>;
}

export interface ListGatewaysOptions {
  /** Default 1x100x50x2: 10,000 vWAN links. */
  readonly fleet?: string;
  readonly concurrency?: number;
  readonly pageSize?: number;
}

/**
 * Lists every gateway of the fleet, then every gateway's connections, with the real NetworkManagementClient and
 * bounded concurrency, as a poller would. Shows what one full read of a 10,000-link fleet costs in requests,
 * pages and time, and that the simulator is not the bottleneck.
 */
export async function benchListGateways(options: ListGatewaysOptions = {}): Promise<BenchResult> {
  const fleet = options.fleet ?? '1x100x50x2';
  const concurrency = options.concurrency ?? 8;
  const shape = parseFleetSpec(fleet);
  // ARM's real read limits (the simulator's defaults); the ~100 list pages of a 10,000-link fleet fit in one burst.
  const sim = await startSimulator({ fleet, pageSize: options.pageSize ?? 50 });
  try {
    const started = performance.now();
    let pages = 0;
    let links = 0;
    for (let s = 0; s < shape.subscriptions; s++) {
      const client = createSimulatorNetworkClient(sim, fleetNames.subscriptionId(s));
      const gateways: Array<{ resourceGroup: string; name: string }> = [];
      for await (const page of client.vpnGateways.list().byPage()) {
        pages += 1;
        for (const gateway of page) gateways.push({ resourceGroup: gateway.id!.split('/')[4]!, name: gateway.name! });
      }
      await forEachBounded(gateways, concurrency, async (gateway) => {
        for await (const page of client.vpnConnections.listByVpnGateway(gateway.resourceGroup, gateway.name).byPage()) {
          pages += 1;
          for (const connection of page) links += connection.vpnLinkConnections?.length ?? 0;
        }
      });
    }
    const wallMs = performance.now() - started;
    const requests = Object.values(sim.calls().byOperation).reduce((sum, n) => sum + n, 0);
    return {
      name: 'listGateways',
      metrics: { fleet, links, concurrency, requests, pages, wallMs: Math.round(wallMs), requestsPerSecond: Math.round((requests / wallMs) * 1000) },
    };
  } finally {
    await sim.stop();
  }
}

async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
