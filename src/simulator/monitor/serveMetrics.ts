import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmHttpError, type ArmResponse } from '../arm/armHttp';
import { METRICS_OPERATION, METRICS_READ_ACTION } from './metricsOperation';
import { fail, write } from '../arm/serveArm';
import { readJson } from '../serveControl';
import { SimulatorInputError } from '../SimulatorInputError';
import type { SimulatorEngine } from '../SimulatorEngine';
import { SIM_PRINCIPAL_ID } from '../arm/authorizeArm';
import { bucketsOf, SIM_DIMENSIONS, SIM_TUNNEL_METRICS, splitSeries, type SimDimension, type SimTunnelMetric } from './tunnelMetricSeries';
import { metricsResource, METRICS_NAMESPACES, type MetricsResource } from './metricsResource';

/** The batch API's limit: resource ids per call (all of one subscription, region and type). */
const MAX_RESOURCES = 50;
const API_VERSIONS = ['2023-10-01', '2024-02-01'];

/**
 * `POST /subscriptions/{sub}/metrics:getBatch` (metricBatch.json, 2024-02-01), in the order the service checks:
 * (injected latency), authentication, api-version and request shape (≤ 50 resources of one subscription, region and
 * type, known metrics, PT5M), RBAC (`Microsoft.Insights/metrics/read` on every resource), injected 529 throttling.
 */
export async function serveMetrics(engine: SimulatorEngine, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  engine.countCall(METRICS_OPERATION);
  const subscriptionId = decodeURIComponent(url.pathname.split('/')[2] ?? '');
  const target = { operation: METRICS_OPERATION, resourceId: `/subscriptions/${subscriptionId}`.toLowerCase() } as const;
  const delays = engine.faults.fire(target, ['latency']);
  if (delays.length > 0) await new Promise((resolve) => setTimeout(resolve, delays.reduce((sum, f) => sum + (f.ms ?? 0), 0)));
  if (req.method !== 'POST') return void (req.resume(), write(res, fail(405, 'HttpMethodNotAllowed', 'metrics:getBatch is a POST.')));
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return void (req.resume(), write(res, fail(401, 'AuthenticationFailed', 'Missing bearer token.')));
  try {
    const body = await readJson(req).catch((thrown: unknown) => {
      throw new ArmHttpError(400, 'BadRequest', thrown instanceof SimulatorInputError ? thrown.message : 'The body is not valid JSON.');
    });
    write(res, answer(engine, subscriptionId, url.searchParams, body));
  } catch (thrown) {
    if (!(thrown instanceof ArmHttpError)) throw thrown;
    write(res, fail(thrown.status, thrown.code, thrown.message, thrown.headers));
  }
}

function answer(engine: SimulatorEngine, subscriptionId: string, query: URLSearchParams, body: unknown): ArmResponse {
  const q = (name: string): string | null => query.get(name) ?? [...query].find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
  const apiVersion = q('api-version');
  if (!apiVersion || !API_VERSIONS.includes(apiVersion)) throw bad(`api-version must be one of ${API_VERSIONS.join(', ')} (got '${apiVersion ?? ''}').`);
  const namespace = METRICS_NAMESPACES.find((n) => n === q('metricnamespace')?.toLowerCase());
  if (!namespace) throw bad(`metricnamespace '${q('metricnamespace') ?? ''}' is not served here (only ${METRICS_NAMESPACES.join(', ')}).`);
  const metrics = metricNames(q('metricnames'), namespace);
  const interval = q('interval') ?? 'PT1M';
  if (interval !== 'PT5M') throw bad(`The tunnel metrics have no '${interval}' grain (smallest: PT5M).`);
  const now = engine.now();
  const endMs = Date.parse(q('endtime') ?? new Date(now).toISOString());
  const startMs = Date.parse(q('starttime') ?? new Date(endMs - 3_600_000).toISOString());
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs >= endMs) throw bad('starttime and endtime must be ISO 8601 times, starttime first.');
  const top = q('top') === null ? 10 : Number(q('top'));
  if (!Number.isInteger(top) || top < 1) throw bad(`top must be a positive integer (got '${q('top')}').`);
  const filter = parseFilter(q('filter'));
  const gateways = resourcesOf(engine, subscriptionId, namespace, body);
  for (const gateway of gateways) {
    if (!engine.rbac.allows(gateway.id, METRICS_READ_ACTION))
      throw new ArmHttpError(403, 'AuthorizationFailed', `The client '${SIM_PRINCIPAL_ID}' does not have authorization to perform action '${METRICS_READ_ACTION}' over scope '${gateway.id}'.`);
  }
  if (engine.faults.firstFiring({ operation: METRICS_OPERATION, resourceId: `/subscriptions/${subscriptionId}`.toLowerCase() }, ['529']) !== undefined)
    throw new ArmHttpError(529, 'TooManyRequests', 'The metrics service is throttling this client (fault 529).');
  const window = { buckets: bucketsOf(startMs, endMs), publishedUntil: now - engine.settings.metricsIngestionDelayMs };
  return { status: 200, body: { values: gateways.map((g) => resourceValue(g, namespace, metrics, window, filter, top, startMs, endMs)) } };
}

function resourceValue(gateway: MetricsResource, namespace: string, metrics: readonly SimTunnelMetric[], window: { buckets: readonly number[]; publishedUntil: number }, filter: ReadonlyMap<SimDimension, string>, top: number, startMs: number, endMs: number): unknown {
  return {
    starttime: new Date(startMs).toISOString(),
    endtime: new Date(endMs).toISOString(),
    interval: 'PT5M',
    namespace,
    resourceregion: gateway.location,
    resourceid: gateway.id,
    value: metrics.map((name) => ({
      id: `${gateway.id}/providers/Microsoft.Insights/metrics/${name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: name, localizedValue: name },
      unit: name.endsWith('Bytes') ? 'Bytes' : name === 'TunnelAverageBandwidth' ? 'BytesPerSecond' : 'Count',
      timeseries: splitSeries(gateway.series(name, window), filter, top).map((s) => ({
        metadatavalues: Object.entries(s.dimensions).map(([dim, value]) => ({ name: { value: dim.toLowerCase(), localizedValue: dim.toLowerCase() }, value })),
        data: window.buckets.map((start, i) => ({ timeStamp: new Date(start).toISOString(), ...(s.totals[i] !== undefined && { total: s.totals[i] }) })),
      })),
      errorCode: 'Success',
    })),
  };
}

/** The body's resource ids: 1..50 distinct gateways of this subscription, of the namespace's type, all in one region. */
function resourcesOf(engine: SimulatorEngine, subscriptionId: string, namespace: string, body: unknown): MetricsResource[] {
  const ids = (body as { resourceids?: unknown } | null)?.resourceids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id): id is string => typeof id === 'string')) throw bad("The body must be { \"resourceids\": [ ... ] } with at least one resource id.");
  const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (distinct.length > MAX_RESOURCES) throw bad(`At most ${MAX_RESOURCES} resource ids per call (got ${distinct.length}).`);
  const gateways = distinct.map((id) => {
    if (!id.startsWith(`/subscriptions/${subscriptionId.toLowerCase()}/`)) throw bad(`Resource '${id}' is not in subscription '${subscriptionId}'.`);
    // One metric namespace per call: a resource of another type is refused, as the service refuses mixed types.
    if (!id.endsWith(`/providers/${namespace}/${id.split('/').at(-1)}`)) throw bad(`Resource '${id}' is not of type ${namespace}.`);
    const gateway = metricsResource(engine.fleet, namespace, id);
    if (!gateway) throw bad(`Resource '${id}' was not found.`);
    return gateway;
  });
  const regions = new Set(gateways.map((g) => g.location.toLowerCase()));
  if (regions.size > 1) throw bad(`All resources of a batch must be in one region (got ${[...regions].join(', ')}).`);
  return gateways;
}

function metricNames(text: string | null, namespace: string): SimTunnelMetric[] {
  const names = (text ?? '').split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length === 0) throw bad('metricnames is required.');
  return names.map((name) => {
    const known = SIM_TUNNEL_METRICS.find((m) => m.toLowerCase() === name.toLowerCase());
    if (!known) throw bad(`Metric '${name}' is not a metric of ${namespace} here.`);
    return known;
  });
}

/** `Dim eq 'v' and Dim2 eq '*'`: the dimensions to split by (and the value to keep, '*' for all). */
function parseFilter(text: string | null): Map<SimDimension, string> {
  const filter = new Map<SimDimension, string>();
  if (!text) return filter;
  for (const clause of text.split(/\s+and\s+/i)) {
    const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
    const dim = m && SIM_DIMENSIONS.find((d) => d.toLowerCase() === m[1]!.toLowerCase());
    if (!m || !dim) throw bad(`The filter clause '${clause}' is not '<ConnectionName|RemoteIP|Instance> eq '<value>''.`);
    filter.set(dim, m[2]!);
  }
  return filter;
}

function bad(message: string): ArmHttpError {
  return new ArmHttpError(400, 'BadRequest', message);
}
