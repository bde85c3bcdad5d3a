import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildExampleFleet } from './exampleFleet';
import type { FaultSpec } from './FaultBook';
import type { Fleet } from './Fleet';
import type { HuaweiFleet } from './huawei/HuaweiFleet';
import type { Tags } from './fleetModel';
import { createCertificate } from './createCertificate';
import { parseFaultInput, parseGatewayStateInput, parseLinkStateInput, parseTagsInput, type GatewayStateInput, type LinkStateInput } from './controlInputs';
import { EXAMPLE_FLEET_SEED, generateFleet, markIdleLinks, type FleetOptions } from './generateFleet';
import { parseRbacInput } from './arm/parseRbacInput';
import type { RbacAssignment } from './arm/RbacBook';
import { buildHuaweiFleet, type HuaweiFleetOptions } from './huawei/buildHuaweiFleet';
import { SIM_HUAWEI_BUCKET, SIM_HUAWEI_CREDENTIAL } from './huawei/huaweiCredentials';
import { isHuaweiPath } from './huawei/huaweiRoutes';
import { serveHuawei } from './huawei/serveHuawei';
import type { HuaweiCredential } from './huawei/verifyHuaweiSignature';
import { fail, serveArm, write } from './arm/serveArm';
import { isMetricsBatchPath } from './monitor/metricsOperation';
import { serveMetrics } from './monitor/serveMetrics';
import { serveControl } from './serveControl';
import { SimulatorEngine, type CallCounts, type SimLinkView } from './SimulatorEngine';
import { DEFAULT_HUAWEI_RESET_PENDING_MS } from './huawei/huaweiResetPending';
import type { BucketSettings } from './TokenBucket';
import type { WindowSettings } from './WindowLimit';

export interface SimulatorOptions {
  /** Default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** A spec string (`2x10x5x2`), generator options, or `'examples'` for the official examples' names. */
  readonly fleet?: string | FleetOptions;
  /** Items per list page. Default 50. */
  readonly pageSize?: number;
  /** Per-subscription read bucket. Default 250 burst, 25/s (ARM's limits). */
  readonly readBucket?: Partial<BucketSettings>;
  /** Per-subscription write bucket (POST actions). Default 200 burst, 10/s. */
  readonly writeBucket?: Partial<BucketSettings>;
  /** Microsoft.Network's per-subscription reads in any 5 minutes, on top of the bucket. Default 10,000 per 300,000 ms. */
  readonly readWindow?: Partial<WindowSettings>;
  /** Microsoft.Network's per-subscription writes (POST actions) in any 5 minutes. Default 1,000 per 300,000 ms. */
  readonly writeWindow?: Partial<WindowSettings>;
  /**
   * Lists (vWAN connections with their link connections, link-connection lists, classic connections, gateways)
   * carry `connectionStatus`. Default false: like ARM's examples, only a GET of a link or classic connection does.
   * The friendlier behaviour exists for the benchmarks that measure the status-in-lists regime.
   */
  readonly statusInLists?: boolean;
  /** Share (0..1) of links that are idle from the start: Connected, counters still. Picked from the fleet seed. Default 0. */
  readonly idleShare?: number;
  /** How long a reset / getikesas operation runs. Default 2000 ms. */
  readonly lroDurationMs?: number;
  /** Retry-After on 202s, injected 429/503 and polls. Default 10 s (ARM's minimum for RPs); tests may shorten it, 0 allowed. */
  readonly retryAfterSeconds?: number;
  /** After a successful reset a link is Connecting this long (after the LRO), then Connected. Default 3000 ms. */
  readonly recoveryAfterResetMs?: number;
  /** The clock for link state, counters, operations and throttling. Default Date.now. */
  readonly now?: () => number;
  /** Seeds the PRNG of fault rates. Default 1. */
  readonly faultSeed?: number;
  /** Huawei Cloud VPN projects and their connections (served under `/v5/`); none by default. */
  readonly huawei?: HuaweiFleetOptions;
  /** The AK/SK Huawei requests must be signed with. Default SIM_HUAWEI_ACCESS_KEY / SIM_HUAWEI_SECRET_KEY. */
  readonly huaweiCredential?: HuaweiCredential;
  /** Huawei's per-project throttle. Default SIM_HUAWEI_BUCKET (10 burst, 5/s). */
  readonly huaweiBucket?: Partial<BucketSettings>;
  /**
   * The clock a Huawei request's X-Sdk-Date must be within 15 minutes of. Default the real clock (Date.now), not
   * `now`: signers (Huawei's SDK included) stamp requests with the real time, as Huawei's gateway checks them.
   * Tests that sign with a test clock pass that clock.
   */
  readonly huaweiSignatureNow?: () => number;
  /** How long after its end a PT5M metrics bucket is published by `metrics:getBatch` (default 3 minutes). */
  readonly metricsIngestionDelayMs?: number;
  /**
   * After an accepted reset a Huawei connection reads PENDING_UPDATE this long, then ACTIVE or DOWN (as Huawei shows a
   * reset under way; Terraform's reset resource waits ~10 s). Default DEFAULT_HUAWEI_RESET_PENDING_MS (10 s); 0 skips it.
   */
  readonly huaweiResetPendingMs?: number;
}

export interface SimulatorHandle {
  readonly url: string;
  readonly certPem: string;
  stop(): Promise<void>;
  listLinks(): SimLinkView[];
  setLinkState(input: LinkStateInput): SimLinkView;
  addFault(spec: FaultSpec): void;
  clearFaults(): void;
  calls(): CallCounts;
  resetCalls(): void;
  secrets(): string[];
  setGatewayState(input: GatewayStateInput): void;
  deleteGateway(id: string): void;
  setTags(id: string, tags: Tags): void;
  /** `PUT /_sim/rbac`: only these role assignments hold from now on; `clearRbac` (DELETE) allows everything again. */
  setRbac(assignments: readonly RbacAssignment[]): void;
  clearRbac(): void;
  /** The simulated fleet (read-only use: ids, names). */
  readonly fleet: Fleet;
  /** The Huawei part of the fleet (read-only use) and the AK/SK its API accepts. */
  readonly huawei: HuaweiFleet;
  readonly huaweiCredential: HuaweiCredential;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const now = options.now ?? ((): number => Date.now());
  const fleet = buildFleet(options.fleet, now());
  markIdleLinks(fleet, options.idleShare ?? 0, fleetSeed(options.fleet), now());
  const huawei = buildHuaweiFleet(options.huawei, fleet, now());
  const huaweiCredential = options.huaweiCredential ?? SIM_HUAWEI_CREDENTIAL;
  const engine = new SimulatorEngine(fleet, {
    pageSize: options.pageSize ?? 50,
    readBucket: { burst: 250, refillPerSecond: 25, ...options.readBucket },
    writeBucket: { burst: 200, refillPerSecond: 10, ...options.writeBucket },
    readWindow: { limit: 10_000, windowMs: 300_000, ...options.readWindow },
    writeWindow: { limit: 1_000, windowMs: 300_000, ...options.writeWindow },
    statusInLists: options.statusInLists ?? false,
    lroDurationMs: options.lroDurationMs ?? 2000,
    retryAfterSeconds: options.retryAfterSeconds ?? 10,
    recoveryAfterResetMs: options.recoveryAfterResetMs ?? 3000,
    now,
    faultSeed: options.faultSeed ?? 1,
    huaweiCredentials: [huaweiCredential],
    huaweiBucket: { ...SIM_HUAWEI_BUCKET, ...options.huaweiBucket },
    huaweiSignatureNow: options.huaweiSignatureNow ?? ((): number => Date.now()),
    metricsIngestionDelayMs: options.metricsIngestionDelayMs ?? 180_000,
    huaweiResetPendingMs: options.huaweiResetPendingMs ?? DEFAULT_HUAWEI_RESET_PENDING_MS,
  }, huawei);
  const certificate = await createCertificate();
  const server = https.createServer({ key: certificate.keyPem, cert: certificate.certPem, keepAlive: true }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://simulator.invalid');
    const serve = url.pathname.startsWith('/_sim/') ? serveControl : isHuaweiPath(url.pathname) ? serveHuawei : isMetricsBatchPath(url.pathname) ? serveMetrics : serveArm;
    serve(engine, req, res, url).catch((thrown: unknown) => {
      // A simulator bug, not client input: answer 500 rather than hang the client.
      if (!res.headersSent) write(res, fail(500, 'SimulatorBug', thrown instanceof Error ? thrown.message : String(thrown)));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    certPem: certificate.certPem,
    fleet: engine.fleet,
    huawei,
    huaweiCredential,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    listLinks: () => engine.listLinks(),
    setLinkState: (input) => engine.setLinkState(parseLinkStateInput(input)),
    addFault: (spec) => engine.addFault(parseFaultInput(spec)),
    clearFaults: () => engine.faults.clear(),
    calls: () => engine.calls(),
    resetCalls: () => engine.resetCalls(),
    secrets: () => engine.secrets(),
    setGatewayState: (input) => engine.setGatewayState(parseGatewayStateInput(input)),
    deleteGateway: (id) => engine.deleteGateway(id),
    setRbac: (assignments) => engine.rbac.set(parseRbacInput({ assignments })),
    clearRbac: () => engine.rbac.clear(),
    setTags: (id, tags) => {
      const input = parseTagsInput({ id, tags });
      engine.setTags(input.id, input.tags);
    },
  };
}

function fleetSeed(fleet: SimulatorOptions['fleet']): number {
  if (fleet === 'examples') return EXAMPLE_FLEET_SEED;
  return (typeof fleet === 'object' ? fleet.seed : undefined) ?? 1;
}

function buildFleet(fleet: SimulatorOptions['fleet'], now: number): Fleet {
  if (fleet === 'examples') return buildExampleFleet(now);
  return generateFleet(typeof fleet === 'string' ? { spec: fleet } : (fleet ?? {}), now);
}
