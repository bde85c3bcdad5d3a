import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArmOperationId } from '../../adapters/arm/armOperations';
import type { FaultKind } from '../FaultBook';
import { ArmHttpError, errorBody, idsFrom, type ArmRequest, type ArmResponse } from './armHttp';
import { matchArmRoute, type RouteParams } from './armRoutes';
import { stringifyWithBigInt } from './bigintJson';
import { authorizationFailure } from './authorizeArm';
import { lroHandlers } from './lroHandlers';
import { permissionHandlers } from './permissionHandlers';
import { readHandlers, type Handler } from './readHandlers';
import type { SimulatorEngine } from '../SimulatorEngine';
import type { QuotaResult } from './SubscriptionQuota';

/** Compile-time proof that every ARM_OPERATIONS entry has a handler and nothing else does. */
const HANDLERS: Record<ArmOperationId, Handler> = { ...readHandlers, ...lroHandlers, ...permissionHandlers };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One ARM request, in the order ARM applies its checks: route, (injected latency / dropped socket),
 * authentication, api-version, authorization (RBAC, when set), throttling, (injected error), then the operation itself.
 */
export async function serveArm(engine: SimulatorEngine, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const match = matchArmRoute(method, url.pathname);
  if (match.kind === 'none') {
    return write(res, fail(404, 'ResourceNotFound', `No simulated ARM resource at '${url.pathname}'.`));
  }
  if (match.kind === 'wrong-method') {
    return write(res, fail(405, 'HttpMethodNotAllowed', `The HTTP method '${method}' is not supported here; use ${match.allowed}.`));
  }
  const { route, params } = match;
  engine.countCall(route.operation);
  const target = { operation: route.operation, resourceId: resourceIdOf(route.operation, params)?.toLowerCase() };
  const delays = engine.faults.fire(target, ['latency']);
  if (delays.length > 0) await sleep(delays.reduce((sum, fault) => sum + (fault.ms ?? 0), 0));
  if (engine.faults.firstFiring(target, ['drop']) !== undefined) {
    req.socket.destroy();
    return;
  }
  const reads = method === 'GET';
  const quotaLimits = engine.quota(params.sub!, reads ? 'reads' : 'writes');
  const quotaHeader = `x-ms-ratelimit-remaining-subscription-${reads ? 'reads' : 'writes'}`;
  const refuse = (response: ArmResponse): void =>
    write(res, { ...response, headers: { ...response.headers, [quotaHeader]: String(quotaLimits.peek(engine.now())) } });
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    return refuse(unauthenticated());
  }
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion) {
    return refuse(fail(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."));
  }
  const denied = authorizationFailure(engine, route.operation, params, url.pathname);
  if (denied) return refuse(denied);
  const quota = quotaLimits.take(engine.now());
  const headers = { [quotaHeader]: String(quota.remaining) };
  if (!quota.allowed) {
    const retry = { ...headers, 'Retry-After': String(quota.retryAfterSeconds) };
    return write(res, fail(429, 'SubscriptionRequestsThrottled', throttleMessage(reads, params.sub!, quota), retry));
  }
  const injected = engine.faults.firstFiring(target, ['429', '429-no-retry-after', '500', '503']);
  if (injected !== undefined) return write(res, injectedError(injected, engine.settings.retryAfterSeconds, headers));
  const request: ArmRequest = { operation: route.operation, params, query: url.searchParams, baseUrl: baseUrlOf(req), pathname: url.pathname, apiVersion };
  write(res, withHeaders(answer(engine, request), headers));
}

function answer(engine: SimulatorEngine, request: ArmRequest): ArmResponse {
  try {
    return HANDLERS[request.operation](engine, request);
  } catch (thrown) {
    if (thrown instanceof ArmHttpError) return fail(thrown.status, thrown.code, thrown.message, thrown.headers);
    throw thrown;
  }
}

function resourceIdOf(operation: ArmOperationId, params: RouteParams): string | undefined {
  if (params.link !== undefined) return idsFrom.link(params);
  if (params.connection !== undefined) return idsFrom.connection(params);
  if (params.gateway !== undefined) return idsFrom.gateway(params);
  if (params.classic !== undefined) return idsFrom.classic(params);
  if (params.vnetGateway !== undefined) return idsFrom.vnetGateway(params);
  return operation === 'Resources_List' || params.rg === undefined ? `/subscriptions/${params.sub}` : undefined;
}

/** ARM's wording for its own bucket; Microsoft.Network's 5-minute limit names the resource provider's window. */
function throttleMessage(reads: boolean, subscriptionId: string, quota: QuotaResult): string {
  const kind = reads ? 'read' : 'write';
  const after = `Please try again after '${quota.retryAfterSeconds}' seconds.`;
  return quota.refusedBy === 'window'
    ? `Number of '${kind}' requests for subscription '${subscriptionId}' to resource provider 'Microsoft.Network' exceeded the limit of the 5 minute window. ${after}`
    : `Number of '${kind}' requests for subscription '${subscriptionId}' exceeded the limit. ${after}`;
}

function unauthenticated(): ArmResponse {
  const message = "The request does not contain a valid 'Authorization: Bearer <token>' header.";
  return fail(401, 'AuthenticationFailed', message, {
    'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  });
}

function injectedError(kind: FaultKind, retryAfterSeconds: number, headers: Record<string, string>): ArmResponse {
  const retry = { ...headers, 'Retry-After': String(retryAfterSeconds) };
  if (kind === '429') return fail(429, 'TooManyRequests', 'Simulated throttling (fault 429).', retry);
  if (kind === '429-no-retry-after') return fail(429, 'TooManyRequests', 'Simulated throttling without Retry-After.', headers);
  if (kind === '503') return fail(503, 'ServiceUnavailable', 'Simulated outage (fault 503).', retry);
  return fail(500, 'InternalServerError', 'Simulated server error (fault 500).', headers);
}

export function fail(status: number, code: string, message: string, headers: Record<string, string> = {}): ArmResponse {
  return { status, body: errorBody(code, message), headers };
}

function withHeaders(response: ArmResponse, headers: Record<string, string>): ArmResponse {
  return { ...response, headers: { ...headers, ...response.headers } };
}

function baseUrlOf(req: IncomingMessage): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `https://${req.headers.host ?? `${address}:${req.socket.localPort}`}`;
}

export function write(res: ServerResponse, response: ArmResponse): void {
  const text = response.body === undefined ? '' : stringifyWithBigInt(response.body);
  res.writeHead(response.status, {
    ...response.headers,
    'x-ms-request-id': randomUUID(),
    ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
