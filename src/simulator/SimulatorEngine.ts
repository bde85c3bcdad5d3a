import type { ArmOperationId } from '../adapters/arm/armOperations';
import { isHuaweiId } from '../core/huawei/huaweiId';
import type { Fleet } from './Fleet';
import { FaultBook, type FaultSpec } from './FaultBook';
import type { SimTunnelOwner, SimVpnGateway, Tags } from './fleetModel';
import { isUntaggable, UNTAGGABLE_MESSAGE } from './arm/isUntaggable';
import { normalizeSimId } from './arm/normalizeSimId';
import { OperationBook } from './arm/OperationBook';
import { RbacBook } from './arm/RbacBook';
import { createPrng } from './prng';
import { SimulatorInputError } from './SimulatorInputError';
import { SubscriptionQuota } from './arm/SubscriptionQuota';
import type { BucketSettings } from './TokenBucket';
import type { WindowSettings } from './WindowLimit';
import type { GatewayStateInput, LinkStateInput } from './controlInputs';
import { toHuaweiTags } from './huawei/buildHuaweiFleet';
import { HuaweiFleet } from './huawei/HuaweiFleet';
import { asAzureStatus, huaweiLinkView, setHaRole, setHuaweiStatus } from './huawei/huaweiLinks';
import type { SimHuaweiConnection } from './huawei/huaweiModel';
import type { SimLinkView } from './SimLinkView';
import type { HuaweiOperationId } from './huawei/huaweiRoutes';
import type { MetricsOperationId } from './monitor/metricsOperation';
import { TokenBucket } from './TokenBucket';
import type { HuaweiCredential } from './huawei/verifyHuaweiSignature';

export interface EngineSettings {
  readonly pageSize: number;
  readonly readBucket: BucketSettings;
  readonly writeBucket: BucketSettings;
  /** Microsoft.Network's own per-subscription limits over 5 minutes (reads 10,000; writes 1,000). */
  readonly readWindow: WindowSettings;
  readonly writeWindow: WindowSettings;
  /** Lists carry connectionStatus (friendlier than ARM's examples); off by default. */
  readonly statusInLists: boolean;
  readonly lroDurationMs: number;
  readonly retryAfterSeconds: number;
  readonly recoveryAfterResetMs: number;
  readonly now: () => number;
  readonly faultSeed: number;
  /** The AK/SK pairs Huawei's API gateway accepts (signature check). */
  readonly huaweiCredentials: readonly HuaweiCredential[];
  /** Huawei's per-project throttle (429 APIGW.0308). */
  readonly huaweiBucket: BucketSettings;
  /** The clock X-Sdk-Date is held against (±15 minutes). */
  readonly huaweiSignatureNow: () => number;
  /** How long after its end a PT5M metrics bucket is published (Azure Monitor's ingestion delay). */
  readonly metricsIngestionDelayMs: number;
  /** How long an accepted Huawei reset shows the connection as PENDING_UPDATE (0: not at all). */
  readonly huaweiResetPendingMs: number;
}

export type { SimLinkView } from './SimLinkView';

export interface CallCounts {
  readonly byOperation: Record<string, number>;
  readonly resets: Record<string, number>;
}

/** The simulator's state and its control operations, independent of HTTP (the server and handle share it). */
export class SimulatorEngine {
  readonly faults: FaultBook;
  readonly operations = new OperationBook();
  readonly rbac = new RbacBook();
  private readonly quotas = new Map<string, SubscriptionQuota>();
  private readonly huaweiQuotas = new Map<string, TokenBucket>();
  private byOperation: Record<string, number> = {};
  private resets: Record<string, number> = {};

  constructor(
    readonly fleet: Fleet,
    readonly settings: EngineSettings,
    readonly huawei: HuaweiFleet = new HuaweiFleet(),
  ) {
    this.faults = new FaultBook(createPrng(settings.faultSeed));
  }

  now(): number {
    return this.settings.now();
  }

  /** A subscription's allowance for reads or writes: ARM's token bucket and Microsoft.Network's 5-minute window. */
  quota(subscriptionId: string, kind: 'reads' | 'writes'): SubscriptionQuota {
    const quotaKey = `${subscriptionId.toLowerCase()}:${kind}`;
    let quota = this.quotas.get(quotaKey);
    if (!quota) {
      const reads = kind === 'reads';
      const { readBucket, writeBucket, readWindow, writeWindow } = this.settings;
      quota = new SubscriptionQuota(reads ? readBucket : writeBucket, reads ? readWindow : writeWindow, this.now());
      this.quotas.set(quotaKey, quota);
    }
    return quota;
  }

  /** A Huawei project's API-gateway throttle (a token bucket per project). */
  huaweiQuota(projectId: string): TokenBucket {
    let bucket = this.huaweiQuotas.get(projectId.toLowerCase());
    if (!bucket) {
      bucket = new TokenBucket(this.settings.huaweiBucket, this.now());
      this.huaweiQuotas.set(projectId.toLowerCase(), bucket);
    }
    return bucket;
  }

  countCall(operation: ArmOperationId | HuaweiOperationId | MetricsOperationId): void {
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }

  countReset(owner: SimTunnelOwner | SimHuaweiConnection): void {
    this.resets[owner.id] = (this.resets[owner.id] ?? 0) + 1;
  }

  calls(): CallCounts {
    return { byOperation: { ...this.byOperation }, resets: { ...this.resets } };
  }

  resetCalls(): void {
    this.byOperation = {};
    this.resets = {};
  }

  tunnel(id: string): SimTunnelOwner | SimHuaweiConnection {
    const normalized = normalizeSimId(id);
    const owner = this.fleet.get(normalized, 'vwan') ?? this.fleet.get(normalized, 'classic') ?? this.huawei.get(normalized);
    if (!owner) throw new SimulatorInputError(`no link, classic connection or Huawei connection with id '${id}'`, 'LinkNotFound');
    return owner;
  }

  listLinks(): SimLinkView[] {
    const now = this.now();
    return [...this.fleet.tunnels(), ...this.huawei.all()].map((owner) => this.view(owner, now));
  }

  view(owner: SimTunnelOwner | SimHuaweiConnection, now = this.now()): SimLinkView {
    if (owner.kind === 'huawei') return huaweiLinkView(owner, this.resets[owner.id] ?? 0, now, this.huawei.partnerOf(owner));
    const counters = owner.tunnel.counters(now);
    const base = {
      id: owner.id,
      kind: owner.kind,
      status: owner.tunnel.status(now),
      scenario: owner.tunnel.scenario(),
      traffic: owner.tunnel.traffic(),
      ingressBytes: counters.ingress,
      egressBytes: counters.egress,
      resets: this.resets[owner.id] ?? 0,
    };
    return owner.kind === 'vwan'
      ? { ...base, gatewayId: owner.connection.gateway.id, mode: owner.mode }
      : { ...base, gatewayId: owner.gatewayId, connectionType: owner.connectionType };
  }

  setLinkState(input: LinkStateInput & { ingress?: bigint; egress?: bigint }): SimLinkView {
    const owner = this.tunnel(input.id);
    const now = this.now();
    if (input.traffic !== undefined) owner.tunnel.setTraffic(input.traffic, now);
    if (input.haRole !== undefined) setHaRole(owner, input.haRole);
    if (owner.kind === 'huawei' && input.scenario !== undefined) owner.held = undefined;
    if (input.scenario !== undefined && input.scenario !== 'none') {
      owner.tunnel.setScenario(input.scenario, input.seconds ?? 0, now);
    } else if (input.status !== undefined) {
      if (owner.kind === 'huawei') setHuaweiStatus(owner, input.status, now);
      else owner.tunnel.setStatus(asAzureStatus(input.status), now);
    } else if (input.scenario === 'none') {
      owner.tunnel.setScenario('none', 0, now);
    }
    if (input.ingress !== undefined || input.egress !== undefined) {
      owner.tunnel.setCounters({ ingress: input.ingress, egress: input.egress }, now);
    }
    return this.view(owner, now);
  }

  addFault(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  /** Every sharedKey / Huawei psk the fleet holds, and the Huawei SK when Huawei is simulated, so tests can prove none of them is stored, logged or returned. */
  secrets(): string[] {
    const keys: string[] = [];
    for (const owner of this.fleet.tunnels()) if (owner.sharedKey !== undefined) keys.push(owner.sharedKey);
    for (const connection of this.huawei.all()) keys.push(connection.psk);
    if (this.huawei.all().length > 0) for (const credential of this.settings.huaweiCredentials) keys.push(credential.secretKey);
    return keys;
  }

  private gateway(id: string): SimVpnGateway {
    const gateway = this.fleet.get(id, 'vpnGateway');
    if (!gateway) throw new SimulatorInputError(`no VPN gateway with id '${id}'`, 'GatewayNotFound');
    return gateway;
  }

  /** A whole gateway goes down (every link NotConnected) or comes back (links resume their own state). */
  setGatewayState(input: GatewayStateInput): void {
    if (isHuaweiId(input.id)) return this.setHuaweiGatewayState(input);
    const gateway = this.gateway(input.id);
    const now = this.now();
    gateway.down = input.status === 'NotConnected';
    for (const connection of gateway.connections) {
      for (const link of connection.links) link.tunnel.setGatewayDown(gateway.down, now);
    }
  }

  /** A Huawei VPN gateway (huaweiGatewayId) down or back: every connection on it DOWN, or back to its own state. */
  private setHuaweiGatewayState(input: GatewayStateInput): void {
    const connections = this.huawei.onGateway(input.id);
    if (connections.length === 0) throw new SimulatorInputError(`no Huawei VPN gateway with id '${input.id}'`, 'GatewayNotFound');
    const now = this.now();
    for (const connection of connections) connection.tunnel.setGatewayDown(input.status === 'NotConnected', now);
  }

  deleteGateway(id: string): void {
    this.fleet.removeGateway(this.gateway(id));
  }

  /** Sets the tags of a VPN gateway, VPN site, classic connection or Huawei connection; vWAN connections and links have none in ARM. */
  setTags(id: string, tags: Tags): void {
    if (isHuaweiId(id)) {
      const connection = this.huawei.get(id);
      if (!connection) throw new SimulatorInputError(`no Huawei VPN connection with id '${id}'`, 'ResourceNotFound');
      connection.tags = toHuaweiTags(tags);
      return;
    }
    if (isUntaggable(id)) throw new SimulatorInputError(UNTAGGABLE_MESSAGE, 'ResourceNotTaggable');
    const resource = this.fleet.get(id, 'vpnGateway') ?? this.fleet.get(id, 'vpnSite') ?? this.fleet.get(id, 'classic');
    if (!resource) throw new SimulatorInputError(`no VPN gateway, VPN site or classic connection with id '${id}'`, 'ResourceNotFound');
    resource.tags = { ...tags };
  }
}
