import type { ArmOperationId } from '../../adapters/arm/armOperations';
import type { RouteParams } from './armRoutes';

export interface ArmRequest {
  readonly operation: ArmOperationId;
  readonly params: RouteParams;
  readonly query: URLSearchParams;
  /** `https://host:port` as the client addressed us; absolute nextLink / Location URLs start with it. */
  readonly baseUrl: string;
  readonly pathname: string;
  readonly apiVersion: string;
}

export interface ArmResponse {
  readonly status: number;
  /** Serialized with exact int64 counters; absent for 202 / 204. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An ARM error answer, thrown from handlers and written as `{ error: { code, message } }`. */
export class ArmHttpError extends Error {
  override readonly name = 'ArmHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** One page of `items` as `{ value, nextLink }`; the skip token is the offset of the next page. */
export function page<T>(items: readonly T[], request: ArmRequest, pageSize: number, render: (item: T) => unknown): ArmResponse {
  const token = request.query.get('$skiptoken');
  const start = token === null ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) throw new ArmHttpError(400, 'InvalidSkipToken', `The skip token '${token}' is not valid.`);
  const end = Math.min(items.length, start + pageSize);
  const value = items.slice(start, end).map(render);
  if (end >= items.length) return { status: 200, body: { value } };
  const query = new URLSearchParams(request.query);
  query.delete('$skiptoken');
  const search = query.toString();
  const nextLink = `${request.baseUrl}${request.pathname}?${search}${search ? '&' : ''}$skiptoken=${end}`;
  return { status: 200, body: { value, nextLink } };
}

export const NETWORK = 'providers/Microsoft.Network';
const group = (p: RouteParams): string => `/subscriptions/${p.sub}/resourceGroups/${p.rg}`;

/** Canonical ids rebuilt from URL parameters (lookups lower-case them; the URL segment names differ from ids). */
export const idsFrom = {
  gateway: (p: RouteParams): string => `${group(p)}/${NETWORK}/vpnGateways/${p.gateway}`,
  connection: (p: RouteParams): string => `${idsFrom.gateway(p)}/vpnConnections/${p.connection}`,
  link: (p: RouteParams): string => `${idsFrom.connection(p)}/VpnSiteLinkConnections/${p.link}`,
  classic: (p: RouteParams): string => `${group(p)}/${NETWORK}/connections/${p.classic}`,
  vnetGateway: (p: RouteParams): string => `${group(p)}/${NETWORK}/virtualNetworkGateways/${p.vnetGateway}`,
};

export function notFound(type: string, name: string, resourceGroup: string | undefined): ArmHttpError {
  const where = resourceGroup === undefined ? '' : ` under resource group '${resourceGroup}'`;
  return new ArmHttpError(404, 'ResourceNotFound', `The Resource '${type}/${name}'${where} was not found.`);
}
