import type { ArmOperationId } from '../adapters/armOperations';
import type { Fleet } from './Fleet';
import { FaultBook, type FaultSpec } from './FaultBook';
import type { SimTunnelOwner, SimVpnGateway, Tags } from './fleetModel';
import { isUntaggable, UNTAGGABLE_MESSAGE } from './isUntaggable';
import { normalizeSimId } from './normalizeSimId';
import { OperationBook } from './OperationBook';
import { RbacBook } from './RbacBook';
import { createPrng } from './prng';
import { SimulatorInputError } from './SimulatorInputError';
import { SubscriptionQuota } from './SubscriptionQuota';
import type { BucketSettings } from './TokenBucket';
import type { WindowSettings } from './WindowLimit';
import type { GatewayStateInput, LinkStateInput } from './controlInputs';
import type { LinkStatus, Scenario, Traffic } from './tunnelState';

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
}

export interface SimLinkView {
  readonly id: string;
  readonly kind: 'vwan' | 'classic';
  readonly status: LinkStatus;
  readonly scenario: Scenario;
  /** Addition: an idle link is Connected but its counters do not move. */
  readonly traffic: Traffic;
  readonly ingressBytes: bigint;
  readonly egressBytes: bigint;
  readonly resets: number;
  /** Additions: the gateway the tunnel belongs to, the classic connection type, the vWAN link mode. */
  readonly gatewayId: string;
  readonly connectionType?: string;
  readonly mode?: string;
}

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
  private byOperation: Record<string, number> = {};
  private resets: Record<string, number> = {};

  constructor(
    readonly fleet: Fleet,
    readonly settings: EngineSettings,
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

  countCall(operation: ArmOperationId): void {
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }

  countReset(owner: SimTunnelOwner): void {
    this.resets[owner.id] = (this.resets[owner.id] ?? 0) + 1;
  }

  calls(): CallCounts {
    return { byOperation: { ...this.byOperation }, resets: { ...this.resets } };
  }

  resetCalls(): void {
    this.byOperation = {};
    this.resets = {};
  }

  tunnel(id: string): SimTunnelOwner {
    const normalized = normalizeSimId(id);
    const owner = this.fleet.get(normalized, 'vwan') ?? this.fleet.get(normalized, 'classic');
    if (!owner) throw new SimulatorInputError(`no link or classic connection with id '${id}'`, 'LinkNotFound');
    return owner;
  }

  listLinks(): SimLinkView[] {
    const now = this.now();
    return this.fleet.tunnels().map((owner) => this.view(owner, now));
  }

  view(owner: SimTunnelOwner, now = this.now()): SimLinkView {
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
    if (input.scenario !== undefined && input.scenario !== 'none') {
      owner.tunnel.setScenario(input.scenario, input.seconds ?? 0, now);
    } else if (input.status !== undefined) {
      owner.tunnel.setStatus(input.status, now);
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

  /** Every sharedKey the fleet would reveal, so tests can prove none of them is stored, logged or returned. */
  secrets(): string[] {
    const keys: string[] = [];
    for (const owner of this.fleet.tunnels()) if (owner.sharedKey !== undefined) keys.push(owner.sharedKey);
    return keys;
  }

  private gateway(id: string): SimVpnGateway {
    const gateway = this.fleet.get(id, 'vpnGateway');
    if (!gateway) throw new SimulatorInputError(`no VPN gateway with id '${id}'`, 'GatewayNotFound');
    return gateway;
  }

  /** A whole gateway goes down (every link NotConnected) or comes back (links resume their own state). */
  setGatewayState(input: GatewayStateInput): void {
    const gateway = this.gateway(input.id);
    const now = this.now();
    gateway.down = input.status === 'NotConnected';
    for (const connection of gateway.connections) {
      for (const link of connection.links) link.tunnel.setGatewayDown(gateway.down, now);
    }
  }

  deleteGateway(id: string): void {
    this.fleet.removeGateway(this.gateway(id));
  }

  /** Sets the tags of a VPN gateway, VPN site or classic connection; VPN connections and links have none in ARM. */
  setTags(id: string, tags: Tags): void {
    if (isUntaggable(id)) throw new SimulatorInputError(UNTAGGABLE_MESSAGE, 'ResourceNotTaggable');
    const resource = this.fleet.get(id, 'vpnGateway') ?? this.fleet.get(id, 'vpnSite') ?? this.fleet.get(id, 'classic');
    if (!resource) throw new SimulatorInputError(`no VPN gateway, VPN site or classic connection with id '${id}'`, 'ResourceNotFound');
    resource.tags = { ...tags };
  }
}
