import type { SimClassicConnection, SimTunnelOwner, SimVpnGateway } from '../fleetModel';
import { simClassicPeerAddress, simSiteLinkAddress } from '../simAddresses';

/** The grain the simulator publishes (the smallest the tunnel metrics offer). */
export const SIM_BUCKET_MS = 5 * 60_000;
/** The tunnel metrics the simulator publishes for vpnGateways and virtualNetworkGateways (Learn: supported metrics). */
export const SIM_TUNNEL_METRICS = ['MmsaCount', 'QmsaCount', 'TunnelIngressBytes', 'TunnelEgressBytes', 'TunnelAverageBandwidth'] as const;
export type SimTunnelMetric = (typeof SIM_TUNNEL_METRICS)[number];
export const SIM_DIMENSIONS = ['ConnectionName', 'RemoteIP', 'Instance'] as const;
export type SimDimension = (typeof SIM_DIMENSIONS)[number];
/**
 * A gateway's two instances: every vWAN link, and every classic connection (the simulator renders its virtual network
 * gateways `activeActive: true`), has one tunnel (one series) on each.
 */
const INSTANCES = ['Instance0', 'Instance1'] as const;

export interface SimSeries {
  readonly dimensions: Readonly<Record<SimDimension, string>>;
  /** One value per bucket of the window; undefined for a bucket not published yet. */
  readonly totals: ReadonlyArray<number | undefined>;
}

/** A series as the answer carries it: only the dimensions the filter split by. */
export interface SplitSeries {
  readonly dimensions: Readonly<Partial<Record<SimDimension, string>>>;
  readonly totals: ReadonlyArray<number | undefined>;
}

export interface SeriesWindow {
  /** Bucket starts (epoch ms) of the window, aligned to the grain. */
  readonly buckets: readonly number[];
  /** Buckets ending after this are not published yet (now − ingestion delay). */
  readonly publishedUntil: number;
}

/** Buckets of [startMs, endMs) aligned to the grain (a start inside a bucket starts with that bucket). */
export function bucketsOf(startMs: number, endMs: number): number[] {
  const first = Math.floor(startMs / SIM_BUCKET_MS) * SIM_BUCKET_MS;
  const buckets: number[] = [];
  for (let t = first; t < endMs; t += SIM_BUCKET_MS) buckets.push(t);
  return buckets;
}

/**
 * Every tunnel series of one metric of one gateway, one per link and instance, as Azure would publish them: SA counts
 * above zero in a bucket while the tunnel was up (idle or busy), zero while down; traffic only when busy. A tunnel
 * with no up time anywhere in the window has no series at all (a link that never connected).
 */
export function gatewaySeries(gateway: SimVpnGateway, metric: SimTunnelMetric, window: SeriesWindow): SimSeries[] {
  return gateway.connections.flatMap((connection) => connection.links.flatMap((link) => tunnelSeries(link, connection.name, simSiteLinkAddress(link.siteLinkId), metric, window)));
}

/**
 * The tunnel series of one metric of a classic virtual network gateway, by the same rules: one per connection and
 * instance, ConnectionName its name and RemoteIP its peer's address. ExpressRoute connections have no IPsec tunnel
 * and publish none.
 */
export function classicGatewaySeries(connections: readonly SimClassicConnection[], metric: SimTunnelMetric, window: SeriesWindow): SimSeries[] {
  return connections.filter((c) => c.connectionType !== 'ExpressRoute').flatMap((c) => tunnelSeries(c, c.name, simClassicPeerAddress(c.peerId), metric, window));
}

function tunnelSeries(owner: SimTunnelOwner, connectionName: string, remoteIp: string, metric: SimTunnelMetric, window: SeriesWindow): SimSeries[] {
  const upByBucket = window.buckets.map((start) => owner.tunnel.upMs(start, start + SIM_BUCKET_MS));
  if (upByBucket.every((ms) => ms === 0)) return [];
  const totals = window.buckets.map((start, i) => (start + SIM_BUCKET_MS > window.publishedUntil ? undefined : valueOf(owner, metric, upByBucket[i]!)));
  return INSTANCES.map((instance) => ({ dimensions: { ConnectionName: connectionName, RemoteIP: remoteIp, Instance: instance }, totals }));
}

function valueOf(owner: SimTunnelOwner, metric: SimTunnelMetric, upMs: number): number {
  if (upMs === 0) return 0;
  const rates = owner.tunnel.trafficRates();
  switch (metric) {
    case 'MmsaCount':
      return 1;
    case 'QmsaCount':
      return 2;
    case 'TunnelIngressBytes':
      return Math.floor((rates.ingressPerSecond * upMs) / 2 / 1000);
    case 'TunnelEgressBytes':
      return Math.floor((rates.egressPerSecond * upMs) / 2 / 1000);
    case 'TunnelAverageBandwidth':
      return Math.floor(((rates.ingressPerSecond + rates.egressPerSecond) * upMs) / 2 / SIM_BUCKET_MS);
  }
}

/**
 * The series a filter asks for: split by the dimensions it names (`Dim eq '*'` or `Dim eq 'value'`), values summed
 * over the others, the largest `top` first. Without a filter, one series of the whole resource, as the API answers.
 */
export function splitSeries(series: readonly SimSeries[], filter: ReadonlyMap<SimDimension, string>, top: number): SplitSeries[] {
  const kept = series.filter((s) => [...filter].every(([dim, value]) => value === '*' || s.dimensions[dim].toLowerCase() === value.toLowerCase()));
  const grouped = new Map<string, { dimensions: Partial<Record<SimDimension, string>>; totals: Array<number | undefined> }>();
  for (const s of kept) {
    const dimensions = Object.fromEntries([...filter.keys()].map((dim) => [dim, s.dimensions[dim]]));
    const key = JSON.stringify(dimensions);
    const entry = grouped.get(key);
    if (!entry) grouped.set(key, { dimensions, totals: [...s.totals] });
    else entry.totals = entry.totals.map((v, i) => (v === undefined ? undefined : v + (s.totals[i] ?? 0)));
  }
  const sum = (s: { totals: ReadonlyArray<number | undefined> }): number => s.totals.reduce<number>((a, v) => a + (v ?? 0), 0);
  return [...grouped.values()].sort((a, b) => sum(b) - sum(a)).slice(0, top);
}
