import { huaweiGatewayId } from '../../core/huawei/huaweiId';
import { HuaweiIamBook } from './HuaweiIamBook';
import type { SimHuaweiConnection, SimHuaweiCustomerGateway, SimHuaweiVpnGateway } from './huaweiModel';

/** The simulated Huawei VPN connections, customer and VPN gateways, by project, in the order lists return them. */
export class HuaweiFleet {
  /** IAM actions withheld from the simulated AK/SK's user (`PUT /_sim/huawei/iam`). */
  readonly iam = new HuaweiIamBook();
  private readonly byId = new Map<string, SimHuaweiConnection>();
  private readonly byProject = new Map<string, SimHuaweiConnection[]>();
  private readonly gatewaysByProject = new Map<string, SimHuaweiCustomerGateway[]>();
  private readonly vpnGatewaysByProject = new Map<string, SimHuaweiVpnGateway[]>();

  /** A VPN gateway of a project (once; connections refer to it by vgwId). */
  addVpnGateway(projectId: string, gateway: SimHuaweiVpnGateway): void {
    const project = projectId.toLowerCase();
    const gateways = this.vpnGatewaysByProject.get(project) ?? [];
    if (!gateways.some((g) => g.id === gateway.id)) gateways.push(gateway);
    this.vpnGatewaysByProject.set(project, gateways);
  }

  vpnGateways(projectId: string): readonly SimHuaweiVpnGateway[] {
    return this.vpnGatewaysByProject.get(projectId.toLowerCase()) ?? [];
  }

  add(connection: SimHuaweiConnection): void {
    const project = connection.projectId.toLowerCase();
    this.byId.set(connection.id.toLowerCase(), connection);
    push(this.byProject, project, connection);
    const gateways = this.gatewaysByProject.get(project) ?? [];
    if (!gateways.some((gateway) => gateway.id === connection.customerGateway.id)) gateways.push(connection.customerGateway);
    this.gatewaysByProject.set(project, gateways);
  }

  /** By tunnelwatch id (huaweiConnectionId), case-insensitive. */
  get(id: string): SimHuaweiConnection | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** By Huawei's connection id within a project. */
  find(projectId: string, connectionId: string): SimHuaweiConnection | undefined {
    return this.connections(projectId).find((connection) => connection.connectionId === connectionId);
  }

  /** The connections on one VPN gateway, by its tunnelwatch id (huaweiGatewayId). */
  onGateway(gatewayId: string): SimHuaweiConnection[] {
    return this.all().filter((connection) => huaweiGatewayId(connection, connection.vgwId) === gatewayId.toLowerCase());
  }

  /**
   * The other connection of an active-standby pair: same VPN gateway, the other `ha_role`, the same customer gateway
   * (the rule tunnelwatch applies, haPartnerOf). Undefined for a connection not in such a pair.
   */
  partnerOf(connection: SimHuaweiConnection): SimHuaweiConnection | undefined {
    return this.connections(connection.projectId).find(
      (other) => other !== connection && other.vgwId === connection.vgwId && other.haRole !== connection.haRole && other.customerGateway.id === connection.customerGateway.id,
    );
  }

  hasProject(projectId: string): boolean {
    return this.byProject.has(projectId.toLowerCase());
  }

  connections(projectId: string): readonly SimHuaweiConnection[] {
    return this.byProject.get(projectId.toLowerCase()) ?? [];
  }

  customerGateways(projectId: string): readonly SimHuaweiCustomerGateway[] {
    return this.gatewaysByProject.get(projectId.toLowerCase()) ?? [];
  }

  all(): SimHuaweiConnection[] {
    return [...this.byProject.values()].flat();
  }

  /** `<region>:<project>` of every project, as TW_HUAWEI_SCOPES spells them. */
  scopes(): string[] {
    return [...this.byProject.values()].map((list) => `${list[0]!.region}:${list[0]!.projectId}`);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
