import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildExampleFleet } from './exampleFleet';
import type { FaultSpec } from './FaultBook';
import type { Fleet } from './Fleet';
import type { Tags } from './fleetModel';
import { createCertificate } from './createCertificate';
import { parseFaultInput, parseGatewayStateInput, parseLinkStateInput, parseTagsInput, type GatewayStateInput, type LinkStateInput } from './controlInputs';
import { generateFleet, type FleetOptions } from './generateFleet';
import { parseRbacInput } from './parseRbacInput';
import type { RbacAssignment } from './RbacBook';
import { fail, serveArm, write } from './serveArm';
import { serveControl } from './serveControl';
import { SimulatorEngine, type CallCounts, type SimLinkView } from './SimulatorEngine';
import type { BucketSettings } from './TokenBucket';

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
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const now = options.now ?? ((): number => Date.now());
  const engine = new SimulatorEngine(buildFleet(options.fleet, now()), {
    pageSize: options.pageSize ?? 50,
    readBucket: { burst: 250, refillPerSecond: 25, ...options.readBucket },
    writeBucket: { burst: 200, refillPerSecond: 10, ...options.writeBucket },
    lroDurationMs: options.lroDurationMs ?? 2000,
    retryAfterSeconds: options.retryAfterSeconds ?? 10,
    recoveryAfterResetMs: options.recoveryAfterResetMs ?? 3000,
    now,
    faultSeed: options.faultSeed ?? 1,
  });
  const certificate = await createCertificate();
  const server = https.createServer({ key: certificate.keyPem, cert: certificate.certPem, keepAlive: true }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://simulator.invalid');
    const serve = url.pathname.startsWith('/_sim/') ? serveControl : serveArm;
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

function buildFleet(fleet: SimulatorOptions['fleet'], now: number): Fleet {
  if (fleet === 'examples') return buildExampleFleet(now);
  return generateFleet(typeof fleet === 'string' ? { spec: fleet } : (fleet ?? {}), now);
}
