import { ArmHttpError } from '../arm/armHttp';
import type { SimulatorEngine } from '../SimulatorEngine';
import type { HuaweiRoute } from './huaweiRoutes';
import { renderCustomerGateway, renderHuaweiConnection } from './renderHuaweiConnection';
import { isResetPending, startResetPending } from './huaweiResetPending';
import type { SimHuaweiConnection, SimHuaweiVpnGateway } from './huaweiModel';
import { renderHuaweiVpnGateway, renderIpsecSas } from './renderHuaweiVpnGateway';

export interface HuaweiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A VPN service error answer: `{ code, message }` (VPN.xxxx), the shape Huawei's VPN API reference documents. */
export class HuaweiHttpError extends ArmHttpError {}

/** Huawei's list limits (ListVpnConnections / ListCustomerGateways): 0..200, default 200. */
export const HUAWEI_MAX_LIMIT = 200;

type Handler = (engine: SimulatorEngine, route: HuaweiRoute, query: URLSearchParams, requestId: string) => HuaweiResponse;

export const HUAWEI_HANDLERS: Record<HuaweiRoute['operation'], Handler> = {
  ListVpnConnections: (engine, route, query, requestId) => {
    const now = engine.now();
    const page = pageOf(engine.huawei.connections(route.projectId), (c) => c.connectionId, query);
    return ok({ vpn_connections: page.items.map((c) => renderHuaweiConnection(c, now)), page_info: page.info, total_count: page.total, request_id: requestId });
  },
  ShowVpnConnection: (engine, route, _query, requestId) =>
    ok({ vpn_connection: renderHuaweiConnection(connectionOf(engine, route), engine.now()), request_id: requestId }),
  ResetVpnConnection: (engine, route, _query, requestId) => {
    const connection = connectionOf(engine, route);
    if (connection.held !== undefined && connection.held !== 'ERROR') {
      throw new HuaweiHttpError(400, 'VPN.0001', `invalid request: the VPN connection is ${connection.held} and cannot be reset now`);
    }
    if (isResetPending(connection, engine.now())) {
      throw new HuaweiHttpError(400, 'VPN.0001', 'invalid request: the VPN connection is PENDING_UPDATE (a reset is under way) and cannot be reset now');
    }
    engine.countReset(connection);
    const target = { operation: 'ResetVpnConnection' as const, resourceId: connection.id };
    const fault = engine.faults.firstFiring(target, ['reset-fails', 'reset-no-effect']);
    if (fault === 'reset-fails') throw new HuaweiHttpError(500, 'VPN.0002', 'server error: the reset failed (simulated fault reset-fails)');
    const now = engine.now();
    if (fault === undefined) {
      connection.held = undefined;
      connection.tunnel.applyReset(now, engine.settings.recoveryAfterResetMs);
      connection.updatedAt = new Date(now).toISOString();
    }
    startResetPending(connection, now, engine.settings.huaweiResetPendingMs);
    return ok({ request_id: requestId });
  },
  ListCustomerGateways: (engine, route, query, requestId) => {
    const page = pageOf(engine.huawei.customerGateways(route.projectId), (g) => g.id, query);
    return ok({ customer_gateways: page.items.map(renderCustomerGateway), page_info: page.info, total_count: page.total, request_id: requestId });
  },
  // ListVgws is documented without paging: every gateway of the project in one answer.
  ListVgws: (engine, route, _query, requestId) => {
    const gateways = engine.huawei.vpnGateways(route.projectId);
    return ok({ vpn_gateways: gateways.map((g) => renderVgw(engine, route, g)), total_count: gateways.length, request_id: requestId });
  },
  ShowVgw: (engine, route, _query, requestId) => {
    const gateway = engine.huawei.vpnGateways(route.projectId).find((g) => g.id === route.vgwId);
    if (!gateway) throw new HuaweiHttpError(404, 'VPN.0004', `resource not found: vpn gateway ${route.vgwId} does not exist`);
    return ok({ vpn_gateway: renderVgw(engine, route, gateway), request_id: requestId });
  },
  ListConnectionIpsecSa: (engine, route, _query, requestId) =>
    ok({ sa_infos: renderIpsecSas(connectionOf(engine, route), engine.now()), request_id: requestId }),
};

function renderVgw(engine: SimulatorEngine, route: HuaweiRoute, gateway: SimHuaweiVpnGateway): Record<string, unknown> {
  return renderHuaweiVpnGateway(gateway, engine.huawei.connections(route.projectId).filter((c) => c.vgwId === gateway.id).length);
}

function ok(body: Record<string, unknown>): HuaweiResponse {
  return { status: 200, body };
}

function connectionOf(engine: SimulatorEngine, route: HuaweiRoute): SimHuaweiConnection {
  const connection = engine.huawei.find(route.projectId, route.connectionId ?? '');
  if (!connection) throw new HuaweiHttpError(404, 'VPN.0004', `resource not found: vpn connection ${route.connectionId} does not exist`);
  return connection;
}

/**
 * Huawei's marker paging: `limit` (0..200, default 200; 0 reads as the default) and `marker` (the id of the last item
 * of the previous page; only together with `limit`). `page_info.next_marker` is absent on the last page.
 */
function pageOf<T>(all: readonly T[], idOf: (item: T) => string, query: URLSearchParams): {
  items: T[];
  info: Record<string, unknown>;
  total: number;
} {
  const limitText = query.get('limit');
  const marker = query.get('marker');
  if (limitText !== null && !/^\d{1,3}$/.test(limitText)) throw new HuaweiHttpError(400, 'VPN.0001', `invalid request: limit '${limitText}' must be an integer in 0..${HUAWEI_MAX_LIMIT}`);
  const limit = limitText === null || Number(limitText) === 0 ? HUAWEI_MAX_LIMIT : Number(limitText);
  if (limit > HUAWEI_MAX_LIMIT) throw new HuaweiHttpError(400, 'VPN.0001', `invalid request: limit ${limit} must be an integer in 0..${HUAWEI_MAX_LIMIT}`);
  let start = 0;
  if (marker !== null) {
    if (limitText === null) throw new HuaweiHttpError(400, 'VPN.0001', 'invalid request: marker must be used together with limit');
    const at = all.findIndex((item) => idOf(item) === marker);
    if (at < 0) throw new HuaweiHttpError(400, 'VPN.0001', `invalid request: marker '${marker}' is not an id of this list`);
    start = at + 1;
  }
  const items = all.slice(start, start + limit);
  const more = start + limit < all.length;
  const info = { ...(more && items.length > 0 ? { next_marker: idOf(items[items.length - 1]!) } : {}), current_count: items.length };
  return { items, info, total: all.length };
}
