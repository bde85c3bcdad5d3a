import { errorCode } from '../../core/errors';
import type { LinkTopology } from '../../core/snapshot/linkSnapshot';
import type { LinkObservation } from '../../core/snapshot/projectLink';
import { normalizeArmId } from '../../core/ids/armId';
import { classicMetricGateways, type MetricGateway } from '../../core/status/classicMetricGateways';
import { mapLimit } from '../../core/mapLimit';
import type { PollTarget } from '../../core/polling/pollTarget';
import {
  METRIC_BUCKET_MS,
  latestUpBuckets,
  linkMetricEvidence,
  newestPublishedBucketEnd,
  type LinkMetricEvidence,
  type TunnelMetricSeries,
} from '../../core/status/tunnelMetricEvidence';

/** The batch API's limit: resource ids per call, all of one subscription, region and resource type. */
export const METRICS_BATCH_MAX = 50;
/** Each call reads the last three buckets, so a bucket published late is still seen once. */
export const METRICS_WINDOW_MS = 3 * METRIC_BUCKET_MS;
/** How long after its end a bucket is asked for (platform metrics are ingested within about 3 minutes). */
export const METRICS_INGESTION_DELAY_MS = 3 * 60_000;
export const VPN_GATEWAY_TYPE = 'Microsoft.Network/vpnGateways';

/** One batch call: ≤ 50 gateways of one subscription, region and type, over [startMs, endMs). */
export interface TunnelMetricsBatch {
  readonly subscriptionId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceIds: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
}

/** Azure Monitor's metrics batch API (azureMonitorMetrics.ts). Throws TunnelwatchError METRICS.* when a call fails. */
export interface TunnelMetricsReader {
  queryBatch(batch: TunnelMetricsBatch): Promise<readonly TunnelMetricSeries[]>;
}

/** Why metrics gave no fresh evidence for some gateway groups this cycle. */
export interface MetricsOff {
  readonly reason: string;
  readonly groups: number;
  readonly of: number;
}

/** What one cycle got from the metrics: the calls it sent, what was off and the evidence per link. */
export interface MetricsRound {
  readonly calls: number;
  readonly off?: MetricsOff;
  readonly evidence: (link: LinkTopology) => LinkMetricEvidence | undefined;
}

export interface TunnelMetrics {
  /**
   * Reads (or reuses) the metrics of these targets' gateways; never throws: a failed group is reported as off. A
   * classic group's gateways are those its last list taught (`learn`): none before its first list in this process.
   */
  round(targets: readonly PollTarget[], nowMs: number, maxAgeMs: number): Promise<MetricsRound>;
  /**
   * Learns a classic group's virtual network gateways from its links just listed (in scope): they replace what the
   * group's previous list taught, so the cache holds at most the fleet's classic gateways.
   */
  learn(groupId: string, links: readonly LinkObservation[]): void;
}

interface GroupAnswer {
  readonly newestByGateway: ReadonlyMap<string, number>;
  readonly up: ReadonlyMap<string, number>;
}

interface GroupState {
  /** The published bucket (its end) the last attempt was for: at most one attempt per bucket and group. */
  attemptedFor: number;
  answer?: GroupAnswer;
  failure?: string;
}

/**
 * Per-process metrics cache: one batch call per group of ≤ 50 gateways (one subscription, region and type: vWAN VPN
 * gateways, or the classic virtual network gateways learnt from the previous lists of their groups) and published
 * bucket, reused by every cycle until the next bucket is published. A throttled (529), forbidden or failed call
 * leaves the group's previous answer in place and is not retried before the next bucket (its back-off); evidence
 * older than the status max age is not used.
 */
export function createTunnelMetrics(reader: TunnelMetricsReader, options: { readonly ingestionDelayMs?: number } = {}): TunnelMetrics {
  const delayMs = options.ingestionDelayMs ?? METRICS_INGESTION_DELAY_MS;
  const groups = new Map<string, GroupState>();
  const byGateway = new Map<string, GroupState>();
  const classic = new Map<string, readonly MetricGateway[]>();
  return {
    learn: (groupId, links) => {
      const gateways = classicMetricGateways(links);
      if (gateways.length > 0) classic.set(normalizeArmId(groupId), gateways);
      else classic.delete(normalizeArmId(groupId));
    },
    round: async (targets, nowMs, maxAgeMs) => {
      const bucketEnd = newestPublishedBucketEnd(nowMs, delayMs);
      const batches = planBatches(targets, bucketEnd, (groupId) => classic.get(normalizeArmId(groupId)) ?? []);
      let calls = 0;
      await mapLimit(batches, 4, async (batch) => {
        const key = `${batch.subscriptionId}|${batch.region}|${batch.resourceIds.join(',')}`.toLowerCase();
        const state = groups.get(key) ?? { attemptedFor: Number.NEGATIVE_INFINITY };
        groups.set(key, state);
        for (const id of batch.resourceIds) byGateway.set(id.toLowerCase(), state);
        if (state.attemptedFor >= bucketEnd) return;
        state.attemptedFor = bucketEnd;
        calls++;
        try {
          state.answer = answerOf(await reader.queryBatch(batch), batch);
          delete state.failure;
        } catch (thrown) {
          state.failure = reasonOf(errorCode(thrown));
        }
      });
      const failed = batches.map((b) => byGateway.get(b.resourceIds[0]!.toLowerCase())?.failure).filter((r): r is string => r !== undefined);
      const off = failed.length > 0 ? { reason: [...new Set(failed)].sort().join(', '), groups: failed.length, of: batches.length } : undefined;
      return {
        calls,
        ...(off && { off }),
        evidence: (link) => {
          const answer = byGateway.get(link.gatewayId.toLowerCase())?.answer;
          const newest = answer?.newestByGateway.get(link.gatewayId.toLowerCase());
          if (!answer || newest === undefined || nowMs - newest >= maxAgeMs) return undefined;
          return linkMetricEvidence(link, answer.up, newest);
        },
      };
    },
  };
}

/** Metrics turned off (TW_METRICS=off): no calls, no evidence, and every cycle line says why. */
export function disabledTunnelMetrics(reason: string): TunnelMetrics {
  return { learn: () => undefined, round: () => Promise.resolve({ calls: 0, off: { reason, groups: 0, of: 0 }, evidence: () => undefined }) };
}

/**
 * The batches of one round: vWAN gateways with a known region, and the virtual network gateways learnt for the
 * classic groups among the targets (a gateway named by several groups once), grouped by resource type, subscription
 * and region (the batch API refuses mixed ones), ≤ 50 per batch, sorted so a group's batches stay the same.
 */
export function planBatches(targets: readonly PollTarget[], bucketEnd: number, classicGateways: (groupId: string) => readonly MetricGateway[] = () => []): TunnelMetricsBatch[] {
  const gateways = new Map<string, MetricGateway>();
  for (const t of targets) {
    const found: readonly MetricGateway[] =
      t.kind === 'vpnGateway' && t.location ? [{ id: t.id, resourceType: VPN_GATEWAY_TYPE, subscriptionId: t.subscriptionId, region: t.location.toLowerCase() }] : t.kind === 'classicGroup' ? classicGateways(t.id) : [];
    for (const g of found) if (!gateways.has(normalizeArmId(g.id))) gateways.set(normalizeArmId(g.id), g);
  }
  const grouped = new Map<string, MetricGateway[]>();
  for (const g of gateways.values()) {
    const key = `${g.resourceType}|${g.subscriptionId}|${g.region}`.toLowerCase();
    grouped.set(key, [...(grouped.get(key) ?? []), g]);
  }
  const batches: TunnelMetricsBatch[] = [];
  for (const members of grouped.values()) {
    const ids = members.map((g) => g.id).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const { subscriptionId, region, resourceType } = members[0]!;
    for (let i = 0; i < ids.length; i += METRICS_BATCH_MAX) {
      batches.push({ subscriptionId, region, resourceType, resourceIds: ids.slice(i, i + METRICS_BATCH_MAX), startMs: bucketEnd - METRICS_WINDOW_MS, endMs: bucketEnd });
    }
  }
  return batches;
}

/** The up buckets of every link, and per gateway the newest bucket with a value (else the bucket asked for). */
function answerOf(series: readonly TunnelMetricSeries[], batch: TunnelMetricsBatch): GroupAnswer {
  const newestByGateway = new Map<string, number>(batch.resourceIds.map((id) => [id.toLowerCase(), Number.NEGATIVE_INFINITY]));
  for (const s of series) {
    const id = s.resourceId.toLowerCase();
    for (const p of s.points) if (newestByGateway.has(id)) newestByGateway.set(id, Math.max(newestByGateway.get(id)!, p.startMs + METRIC_BUCKET_MS));
  }
  for (const [id, end] of newestByGateway) if (!Number.isFinite(end)) newestByGateway.set(id, batch.endMs);
  return { newestByGateway, up: latestUpBuckets(series) };
}

function reasonOf(code: string): string {
  if (code === 'METRICS.THROTTLED') return 'throttled';
  if (code === 'METRICS.FORBIDDEN' || code === 'METRICS.UNAUTHORIZED') return 'forbidden';
  return 'error';
}
