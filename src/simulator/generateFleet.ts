import { Fleet } from './Fleet';
import { makeClassic, makeConnection, makeGateway, type BuildContext, type LinkSpec } from './fleetBuilder';
import type { Tags } from './fleetModel';
import { isUntaggable, UNTAGGABLE_MESSAGE } from './arm/isUntaggable';
import { createPrng } from './prng';
import { SimulatorInputError } from './SimulatorInputError';

export interface FleetOptions {
  /** `subscriptions x gateways x connections x links`, e.g. `2x10x5x2` (gateways per subscription, ...). */
  readonly spec?: string;
  /** Seeds the PRNG that picks locations, throughputs and ResponderOnly links. Default 1. */
  readonly seed?: number;
  /** Classic connections per subscription; default one per 5 gateways (rounded up). */
  readonly classicConnections?: number;
  /** Share of links (0..1) in ResponderOnly mode. Default 0.1. */
  readonly responderOnlyShare?: number;
  /** One ExpressRoute connection per subscription (never to be remediated). Default true. */
  readonly expressRoute?: boolean;
  /**
   * Tags by resource id (case-insensitive): VPN gateways, VPN sites, classic connections. VPN connections are child
   * resources and carry no tags in ARM, so a connection id here is refused.
   */
  readonly tags?: Readonly<Record<string, Tags>>;
}

export interface FleetShape {
  readonly subscriptions: number;
  readonly gateways: number;
  readonly connections: number;
  readonly links: number;
}

export const DEFAULT_FLEET_SPEC = '1x4x2x2';
/** The seed of the examples' fleet (exampleFleet.ts). */
export const EXAMPLE_FLEET_SEED = 7;
const LOCATIONS = ['westeurope', 'northeurope', 'eastus', 'westus2'] as const;

export function parseFleetSpec(spec: string): FleetShape {
  const match = /^(\d+)x(\d+)x(\d+)x(\d+)$/i.exec(spec.trim());
  const numbers = match?.slice(1).map(Number);
  if (!numbers || numbers.some((n) => n < 1 || n > 10_000)) {
    throw new SimulatorInputError(`fleet spec '${spec}' must look like 2x10x5x2 (each part 1..10000)`);
  }
  const [subscriptions, gateways, connections, links] = numbers as [number, number, number, number];
  return { subscriptions, gateways, connections, links };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Predictable names (src/simulator/README.md "Fleet naming"); exported so tests and the demo can address resources. */
export const fleetNames = {
  subscriptionId: (s: number): string => `00000000-0000-4000-8000-${pad(s, 12)}`,
  resourceGroup: (s: number): string => `rg-${pad(s, 2)}`,
  classicResourceGroup: (s: number): string => `rg-${pad(s, 2)}-classic`,
  gateway: (s: number, g: number): string => `vpngw-${pad(s, 2)}-${pad(g, 3)}`,
  connection: (s: number, g: number, c: number): string => `conn-${pad(s, 2)}-${pad(g, 3)}-${pad(c, 2)}`,
  link: (s: number, g: number, c: number, l: number): string => `link-${pad(s, 2)}-${pad(g, 3)}-${pad(c, 2)}-${l}`,
  classicConnection: (s: number, k: number): string => `vnetconn-${pad(s, 2)}-${pad(k, 2)}`,
  expressRouteConnection: (s: number): string => `er-${pad(s, 2)}`,
};

export function generateFleet(options: FleetOptions, now: number): Fleet {
  const shape = parseFleetSpec(options.spec ?? DEFAULT_FLEET_SPEC);
  const ctx = buildContext(options.seed ?? 1, now, options.tags);
  const responderOnlyShare = options.responderOnlyShare ?? 0.1;
  const fleet = new Fleet();
  for (let s = 0; s < shape.subscriptions; s++) {
    const subscriptionId = fleetNames.subscriptionId(s);
    for (let g = 0; g < shape.gateways; g++) {
      const location = LOCATIONS[ctx.prng.int(0, LOCATIONS.length - 1)]!;
      const gateway = makeGateway(ctx, {
        subscriptionId,
        resourceGroup: fleetNames.resourceGroup(s),
        name: fleetNames.gateway(s, g),
        location,
        hubName: `hub-${pad(s, 2)}-${pad(g, 3)}`,
      });
      fleet.addGateway(gateway);
      for (let c = 0; c < shape.connections; c++) {
        const links: LinkSpec[] = [];
        for (let l = 0; l < shape.links; l++) {
          const mode = ctx.prng.next() < responderOnlyShare ? 'ResponderOnly' : 'Default';
          links.push({ name: fleetNames.link(s, g, c, l), siteLinkName: `sitelink-${l}`, mode });
        }
        const siteName = `site-${pad(s, 2)}-${pad(g, 3)}-${pad(c, 2)}`;
        fleet.addConnection(makeConnection(ctx, gateway, { name: fleetNames.connection(s, g, c), siteName, links }));
      }
    }
    addClassicConnections(fleet, ctx, s, options.classicConnections ?? Math.ceil(shape.gateways / 5), options.expressRoute ?? true);
  }
  return fleet;
}

/**
 * Makes a share of the fleet's links idle (Connected, counters still), chosen from the fleet seed with a PRNG of
 * its own, so the rest of the fleet (locations, rates, modes) is the same whatever the share.
 */
export function markIdleLinks(fleet: Fleet, share: number, seed: number, now: number): void {
  if (!(share >= 0 && share <= 1)) throw new SimulatorInputError(`idle share must be a number in 0..1, got ${share}`);
  if (share === 0) return;
  const prng = createPrng((seed ^ 0x1d1e5eed) >>> 0);
  for (const owner of fleet.tunnels()) if (prng.next() < share) owner.tunnel.setTraffic('idle', now);
}

function addClassicConnections(fleet: Fleet, ctx: BuildContext, s: number, count: number, expressRoute: boolean): void {
  const subscriptionId = fleetNames.subscriptionId(s);
  const resourceGroup = fleetNames.classicResourceGroup(s);
  for (let k = 0; k < count; k++) {
    const ipsec = k % 2 === 0;
    const gatewayName = `vnetgw-${pad(s, 2)}-${pad(k, 2)}`;
    fleet.addClassic(
      makeClassic(ctx, {
        subscriptionId,
        resourceGroup,
        name: fleetNames.classicConnection(s, k),
        location: LOCATIONS[ctx.prng.int(0, LOCATIONS.length - 1)]!,
        connectionType: ipsec ? 'IPsec' : 'Vnet2Vnet',
        gatewayName,
        peerName: ipsec ? `lgw-${pad(s, 2)}-${pad(k, 2)}` : `${gatewayName}-peer`,
      }),
    );
  }
  if (!expressRoute) return;
  fleet.addClassic(
    makeClassic(ctx, {
      subscriptionId,
      resourceGroup,
      name: fleetNames.expressRouteConnection(s),
      location: LOCATIONS[0],
      connectionType: 'ExpressRoute',
      gatewayName: `ergw-${pad(s, 2)}`,
      peerName: `circuit-${pad(s, 2)}`,
    }),
  );
}

export function buildContext(seed: number, now: number, tags: FleetOptions['tags'] = {}): BuildContext {
  const untaggable = Object.keys(tags).find(isUntaggable);
  if (untaggable !== undefined) throw new SimulatorInputError(`${UNTAGGABLE_MESSAGE} ('${untaggable}')`, 'ResourceNotTaggable');
  const byId = new Map(Object.entries(tags).map(([id, value]) => [id.toLowerCase(), value]));
  return { now, prng: createPrng(seed), tagsFor: (id) => ({ ...(byId.get(id.toLowerCase()) ?? {}) }), sites: new Map() };
}
