import { randomBytes } from 'node:crypto';
import { huaweiConnectionId, isHuaweiSegment } from '../../core/huawei/huaweiId';
import { stableHash64 } from '../../core/ids/stableBucket';
import type { Fleet } from '../Fleet';
import { SHARED_KEY_PREFIX } from '../fleetBuilder';
import type { Tags } from '../fleetModel';
import { normalizeSimId } from '../arm/normalizeSimId';
import { simGatewayPublicIps, simHuaweiAddress, simSiteLinkAddress } from '../simAddresses';
import { SimulatorInputError } from '../SimulatorInputError';
import { TunnelState } from '../tunnelState';
import { HuaweiFleet } from './HuaweiFleet';
import type { HuaweiTag, SimHuaweiConnection, SimHuaweiCustomerGateway, SimHuaweiEip, SimHuaweiVpnGateway } from './huaweiModel';

/** One Huawei project (in one region) of the simulated fleet. */
export interface HuaweiProjectSpec {
  readonly region: string;
  /** Huawei project ids are 32 lower-case hex characters. */
  readonly projectId: string;
  /** Ordinary connections (default 4), named `vpnconn-<nn>`, each to its own customer gateway `cgw-<nn>`. */
  readonly connections?: number;
  /** VPN gateways the ordinary connections are spread over, round robin (default 2). */
  readonly gateways?: number;
  /**
   * Azure vWAN link ids (VpnSiteLinkConnections form or URL form): for each, one more connection
   * (`vpnconn-azure-<nn>`) that is the other end of that link's tunnel, on its own VPN gateway whose first EIP has
   * the Azure VPN site link's address (vgw_ip names that EIP by id), and whose customer gateway's ip is the Azure
   * gateway's first public IP.
   */
  readonly pairedLinks?: readonly string[];
  /**
   * Active-standby VPN gateways (default 0), each with one pair of connections to one customer gateway:
   * `vpnconn-as-<nn>-active` (ha_role master, ACTIVE) and `vpnconn-as-<nn>-standby` (ha_role slave, DOWN: a standby
   * reports DOWN while the active one carries the traffic).
   */
  readonly activeStandbyPairs?: number;
  /** Tags by connection name, rendered as Huawei's `[{ key, value }]` list. */
  readonly tags?: Readonly<Record<string, Tags>>;
}

export interface HuaweiFleetOptions {
  readonly projects: readonly HuaweiProjectSpec[];
}

const PROJECT_ID = /^[0-9a-f]{32}$/;

/** Builds the Huawei part of the fleet (after the Azure part, which paired connections point at). */
export function buildHuaweiFleet(options: HuaweiFleetOptions | undefined, azure: Fleet, now: number): HuaweiFleet {
  const fleet = new HuaweiFleet();
  for (const project of options?.projects ?? []) {
    if (!isHuaweiSegment(project.region)) throw new SimulatorInputError(`Huawei region '${project.region}' is not a region name`);
    if (!PROJECT_ID.test(project.projectId)) throw new SimulatorInputError(`Huawei project id '${project.projectId}' must be 32 lower-case hex characters`);
    if (fleet.hasProject(project.projectId)) throw new SimulatorInputError(`Huawei project '${project.projectId}' is given twice`);
    const count = project.connections ?? 4;
    const gateways = Math.max(1, project.gateways ?? 2);
    for (let i = 0; i < count; i++) {
      const gateway = makeVpnGateway(`${project.projectId}/vgw/${i % gateways}`, `vpngw-${pad(i % gateways)}`, undefined, now);
      fleet.addVpnGateway(project.projectId, gateway);
      // Connections of an active-active gateway take its two EIPs in turn.
      const eip = gateway.eips[Math.floor(i / gateways) % gateway.eips.length]!;
      const customerGateway = makeCustomerGateway(project, `cgw-${pad(i)}`, undefined, now);
      fleet.add(makeConnection(project, { name: `vpnconn-${pad(i)}`, vgwId: gateway.id, eip, customerGateway }, i, now));
    }
    (project.pairedLinks ?? []).forEach((linkId, j) => {
      const link = azure.get(normalizeSimId(linkId), 'vwan');
      if (!link) throw new SimulatorInputError(`no Azure vWAN link '${linkId}' to pair a Huawei connection with`);
      // The gateway's first EIP is the address the Azure VPN site link points at.
      const gateway = makeVpnGateway(`${project.projectId}/vgw-azure/${j}`, `vpngw-azure-${pad(j)}`, simSiteLinkAddress(link.siteLinkId), now);
      fleet.addVpnGateway(project.projectId, gateway);
      const gatewayIp = simGatewayPublicIps(link.connection.gateway.id)[0];
      const customerGateway = makeCustomerGateway(project, `cgw-azure-${pad(j)}`, gatewayIp, now);
      const spec = { name: `vpnconn-azure-${pad(j)}`, vgwId: gateway.id, eip: gateway.eips[0]!, customerGateway, pairedLinkId: link.id };
      fleet.add(makeConnection(project, spec, count + j, now));
    });
    addActiveStandbyPairs(fleet, project, count + (project.pairedLinks ?? []).length, now);
  }
  return fleet;
}

/** The project's active-standby pairs: one VPN gateway each, its standby connection DOWN, its active one ACTIVE. */
function addActiveStandbyPairs(fleet: HuaweiFleet, project: HuaweiProjectSpec, firstIndex: number, now: number): void {
  for (let p = 0; p < (project.activeStandbyPairs ?? 0); p++) {
    const gateway = makeActiveStandbyVpnGateway(`${project.projectId}/vgw-as/${p}`, `vpngw-as-${pad(p)}`, now);
    fleet.addVpnGateway(project.projectId, gateway);
    const [activeEip, standbyEip] = gateway.eips;
    const customerGateway = makeCustomerGateway(project, `cgw-as-${pad(p)}`, undefined, now);
    const active = makeConnection(project, { name: `vpnconn-as-${pad(p)}-active`, vgwId: gateway.id, eip: activeEip!, customerGateway }, firstIndex + 2 * p, now);
    const standbySpec = { name: `vpnconn-as-${pad(p)}-standby`, vgwId: gateway.id, eip: standbyEip!, customerGateway, haRole: 'slave' as const };
    const standby = makeConnection(project, standbySpec, firstIndex + 2 * p + 1, now);
    standby.tunnel.setStatus('NotConnected', now);
    fleet.add(active);
    fleet.add(standby);
  }
}

interface ConnectionSpec {
  readonly name: string;
  readonly vgwId: string;
  readonly eip: SimHuaweiEip;
  readonly customerGateway: SimHuaweiCustomerGateway;
  readonly pairedLinkId?: string;
  /** Default master (active-active gateways' connections are all master). */
  readonly haRole?: 'master' | 'slave';
}

function makeConnection(project: HuaweiProjectSpec, spec: ConnectionSpec, index: number, now: number): SimHuaweiConnection {
  const connectionId = uuidOf(`${project.projectId}/connection/${spec.name}`);
  const createdAt = new Date(now - (index + 1) * 3_600_000).toISOString();
  const seed = Number.parseInt(stableHash64(connectionId).slice(0, 6), 16);
  return {
    kind: 'huawei',
    id: huaweiConnectionId(project, connectionId),
    connectionId,
    name: spec.name,
    region: project.region,
    projectId: project.projectId,
    vgwId: spec.vgwId,
    vgwIp: spec.eip.ip,
    eipId: spec.eip.id,
    customerGateway: spec.customerGateway,
    psk: SHARED_KEY_PREFIX + randomBytes(12).toString('hex'),
    tags: toHuaweiTags(project.tags?.[spec.name] ?? {}),
    haRole: spec.haRole ?? 'master',
    createdAt,
    updatedAt: createdAt,
    // Huawei's connection reads have no byte counters; the rates feed the IPsec SA read (ipsec-sa) and the state machine.
    tunnel: new TunnelState({ ingressPerSecond: 20_000 + seed, egressPerSecond: 20_000 + seed }, now),
    ...(spec.pairedLinkId === undefined ? {} : { pairedLinkId: spec.pairedLinkId }),
  };
}

/** A public, active-active VPN gateway with two EIPs; the first one's address is given for a paired gateway. */
function makeVpnGateway(seed: string, name: string, firstIp: string | undefined, now: number): SimHuaweiVpnGateway {
  const id = uuidOf(seed);
  const eip = (n: number, ip: string): SimHuaweiEip => ({ id: uuidOf(`${id}/eip${n}`), ip });
  return { id, name, eips: [eip(1, firstIp ?? simHuaweiAddress(id)), eip(2, simHuaweiAddress(`${id}/eip2`))], createdAt: new Date(now - 2 * 86_400_000).toISOString() };
}

/**
 * A public, active-standby VPN gateway: its active EIP (eip1) carries the active connection (ha_role master), its
 * standby EIP (eip2) the standby one (ha_role slave).
 */
function makeActiveStandbyVpnGateway(seed: string, name: string, now: number): SimHuaweiVpnGateway {
  return { ...makeVpnGateway(seed, name, undefined, now), haMode: 'active-standby' };
}

function makeCustomerGateway(project: HuaweiProjectSpec, name: string, ip: string | undefined, now: number): SimHuaweiCustomerGateway {
  const id = uuidOf(`${project.projectId}/cgw/${name}`);
  return { id, name, ip: ip ?? simHuaweiAddress(id), createdAt: new Date(now - 86_400_000).toISOString() };
}

export function toHuaweiTags(tags: Tags): HuaweiTag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** A stable UUID (version 4 layout) from a seed, so fleets (and the demo's ids) are the same on every start. */
export function uuidOf(seed: string): string {
  const hex = (stableHash64(`${seed}#a`) + stableHash64(`${seed}#b`)).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');
