/**
 * Azure Monitor's per-tunnel platform metrics as status evidence (docs/metrics.md). Positive only: a tunnel series
 * with a security-association count or traffic above zero in a bucket says the tunnel was up at that bucket's end; a
 * zero, a missing point or a missing series says nothing (the link becomes a suspect and a GET decides).
 */

/** The grain tunnelwatch reads (the smallest the tunnel metrics offer): 5 minutes. */
export const METRIC_BUCKET_MS = 5 * 60_000;

/** One time series of one tunnel metric of one gateway, as the batch API returns it (dimensions lower-cased by key). */
export interface TunnelMetricSeries {
  /** The gateway (vpnGateways / virtualNetworkGateways) resource id the series belongs to. */
  readonly resourceId: string;
  readonly metric: string;
  /** Dimension values: ConnectionName, RemoteIP, Instance (absent when the service left them out). */
  readonly connectionName?: string;
  readonly remoteIp?: string;
  readonly instance?: string;
  /** Bucket start (epoch ms) and the bucket's value (total); absent values are kept out. */
  readonly points: ReadonlyArray<{ readonly startMs: number; readonly value: number }>;
}

/** What the metrics said about one link: when it was last seen up, and the newest bucket its gateway published. */
export interface LinkMetricEvidence {
  /** End of the newest bucket (ISO 8601) in which one of the link's series was above zero; absent: none was. */
  readonly upAt?: string;
  /** End of the newest bucket the gateway's answer covered (ISO 8601): a link silent in it is a suspect. */
  readonly newestBucketAt: string;
}

/** The identity of a link in the metrics: gateway + connection name (+ the remote IP for vWAN links). */
export interface LinkMetricIdentity {
  readonly gatewayId: string;
  readonly connection: string;
  readonly remoteAddress?: string;
  readonly kind: string;
}

/** The key a link's series are found under: vWAN by connection name and its VPN site link's IP; classic by name. */
export function linkMetricKey(link: LinkMetricIdentity): string | undefined {
  if (link.kind === 'vwan') return link.remoteAddress ? seriesKey(link.gatewayId, link.connection, link.remoteAddress) : undefined;
  if (link.kind === 'classic') return seriesKey(link.gatewayId, link.connection, undefined);
  return undefined;
}

/**
 * The newest positive bucket of every link seen in `series`, keyed by linkMetricKey. Each series (one per instance of
 * an active-active gateway, one per metric) counts on its own: any one above zero is enough. A classic link is also
 * found by its connection name alone (its RemoteIP is the local network gateway's, which tunnelwatch does not read).
 */
export function latestUpBuckets(series: readonly TunnelMetricSeries[], bucketMs = METRIC_BUCKET_MS): Map<string, number> {
  const up = new Map<string, number>();
  const note = (key: string, endMs: number): void => void up.set(key, Math.max(up.get(key) ?? 0, endMs));
  for (const s of series) {
    if (!s.connectionName) continue;
    const positive = s.points.filter((p) => Number.isFinite(p.value) && p.value > 0);
    if (positive.length === 0) continue;
    const endMs = Math.max(...positive.map((p) => p.startMs)) + bucketMs;
    if (s.remoteIp) note(seriesKey(s.resourceId, s.connectionName, s.remoteIp), endMs);
    note(seriesKey(s.resourceId, s.connectionName, undefined), endMs);
  }
  return up;
}

/** One link's evidence from its gateway's up buckets and the newest bucket end the gateway's answer covered. */
export function linkMetricEvidence(link: LinkMetricIdentity, upBuckets: ReadonlyMap<string, number>, newestBucketEndMs: number): LinkMetricEvidence | undefined {
  const key = linkMetricKey(link);
  if (key === undefined) return undefined;
  const upMs = upBuckets.get(key);
  return { ...(upMs !== undefined && { upAt: new Date(upMs).toISOString() }), newestBucketAt: new Date(newestBucketEndMs).toISOString() };
}

/** True when the link showed nothing in the newest bucket its gateway published: no evidence, so a suspect. */
export function metricsSilent(evidence: LinkMetricEvidence): boolean {
  return evidence.upAt === undefined || evidence.upAt < evidence.newestBucketAt;
}

/**
 * The newest bucket that is complete and published at `nowMs`: buckets are aligned to the grain and appear
 * `ingestionDelayMs` after their end. Returns its end (epoch ms).
 */
export function newestPublishedBucketEnd(nowMs: number, ingestionDelayMs: number, bucketMs = METRIC_BUCKET_MS): number {
  return Math.floor((nowMs - ingestionDelayMs) / bucketMs) * bucketMs;
}

function seriesKey(gatewayId: string, connection: string, remoteIp: string | undefined): string {
  return [gatewayId.toLowerCase(), connection.toLowerCase(), remoteIp ?? ''].join('|');
}
