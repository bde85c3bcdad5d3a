import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { huaweiConnectionId, huaweiScopeId } from '../../core/huawei/huaweiId';
import type { FaultKind } from '../FaultBook';
import type { SimulatorEngine } from '../SimulatorEngine';
import { HUAWEI_HANDLERS, HuaweiHttpError, type HuaweiResponse } from './huaweiHandlers';
import { matchHuaweiRoute, type HuaweiRoute } from './huaweiRoutes';
import { verifyHuaweiSignature } from './verifyHuaweiSignature';

const MAX_BODY_BYTES = 64 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One Huawei VPN API request, in the order Huawei's API gateway and the VPN service apply their checks: route,
 * (injected latency / dropped socket), AK/SK signature (401 APIGW.0301), the project's throttle (429 APIGW.0308),
 * (injected error), the IAM policy (403 VPN.0003), the project, then the operation. Every answer carries
 * `X-Request-Id`; the API gateway's errors are `{ error_code, error_msg, request_id }`, the VPN service's
 * `{ code, message }`, as Huawei documents each.
 */
export async function serveHuawei(engine: SimulatorEngine, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const requestId = randomBytes(16).toString('hex');
  const method = req.method ?? 'GET';
  const match = matchHuaweiRoute(method, url.pathname);
  if (match.kind === 'none') {
    req.resume();
    return writeHuawei(res, requestId, gatewayError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment'));
  }
  const { route } = match;
  engine.countCall(route.operation);
  const target = { operation: route.operation, resourceId: resourceIdOf(engine, route) };
  const delays = engine.faults.fire(target, ['latency']);
  if (delays.length > 0) await sleep(delays.reduce((sum, fault) => sum + (fault.ms ?? 0), 0));
  if (engine.faults.firstFiring(target, ['drop']) !== undefined) {
    req.socket.destroy();
    return;
  }
  const body = await readBody(req);
  if (body === undefined) return writeHuawei(res, requestId, gatewayError(413, 'APIGW.0201', 'Request entity too large'));
  const signature = verifyHuaweiSignature({ method, url: req.url ?? url.pathname, headers: req.headers, body }, engine.settings.huaweiCredentials, engine.settings.huaweiSignatureNow());
  if (!signature.ok) return writeHuawei(res, requestId, gatewayError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${signature.message}`));
  const quota = engine.huaweiQuota(route.projectId).take(engine.now());
  if (!quota.allowed) {
    const error = gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:' + engine.settings.huaweiBucket.burst);
    return writeHuawei(res, requestId, { ...error, headers: { 'Retry-After': String(quota.retryAfterSeconds) } });
  }
  const injected = engine.faults.firstFiring(target, ['429', '429-no-retry-after', '500', '503', 'busy']);
  if (injected !== undefined) return writeHuawei(res, requestId, injectedError(injected, route, engine.settings.retryAfterSeconds));
  writeHuawei(res, requestId, answer(engine, route, url.searchParams, requestId));
}

function answer(engine: SimulatorEngine, route: HuaweiRoute, query: URLSearchParams, requestId: string): HuaweiResponse {
  try {
    const denied = engine.huawei.iam.deniedAction(route.operation);
    if (denied !== undefined) throw new HuaweiHttpError(403, 'VPN.0003', `Authentication failed: Policy doesn't allow ${denied} to be performed.`);
    if (!engine.huawei.hasProject(route.projectId)) {
      throw new HuaweiHttpError(403, 'VPN.0003', `Authentication failed: project ${route.projectId} is not a project of this account`);
    }
    return HUAWEI_HANDLERS[route.operation](engine, route, query, requestId);
  } catch (thrown) {
    if (thrown instanceof HuaweiHttpError) return serviceError(thrown.status, thrown.code, thrown.message, thrown.headers);
    throw thrown;
  }
}

/** Faults name resources by tunnelwatch id: a connection for Show / Reset, the project's scope for the lists. */
function resourceIdOf(engine: SimulatorEngine, route: HuaweiRoute): string | undefined {
  const known = engine.huawei.connections(route.projectId)[0];
  if (!known) return undefined;
  const ref = { region: known.region, projectId: known.projectId };
  return route.connectionId === undefined ? huaweiScopeId(ref) : huaweiConnectionId(ref, route.connectionId);
}

/**
 * An injected error in the shape Huawei answers it with. `busy` is Huawei's documented 400 VPN.0031 "Repeated
 * operation." on a reset and 400 VPN.0030 "The system is busy" on any other call (Huawei documents no 409).
 */
function injectedError(kind: FaultKind, route: HuaweiRoute, retryAfterSeconds: number): HuaweiResponse {
  const retry = { 'Retry-After': String(retryAfterSeconds) };
  if (kind === '429') return gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached (simulated fault 429)', retry);
  if (kind === '429-no-retry-after') return gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached (simulated fault, no Retry-After)');
  if (kind === '503') return gatewayError(503, 'APIGW.0201', 'Backend unavailable (simulated fault 503)', retry);
  if (kind === 'busy') {
    return route.operation === 'ResetVpnConnection' ? serviceError(400, 'VPN.0031', 'Repeated operation.') : serviceError(400, 'VPN.0030', 'The system is busy, please try later.');
  }
  return serviceError(500, 'VPN.0002', 'server error: simulated fault 500');
}

/** The API gateway's error shape; `request_id` is filled in when written. */
function gatewayError(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}): HuaweiResponse {
  return { status, body: { error_code: code, error_msg: message }, headers };
}

/** The VPN service's error shape (VPN API reference, "Error Codes"). */
function serviceError(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}): HuaweiResponse {
  return { status, body: { code, message }, headers };
}

function writeHuawei(res: ServerResponse, requestId: string, response: HuaweiResponse): void {
  const body = 'error_code' in response.body ? { ...response.body, request_id: requestId } : response.body;
  const text = JSON.stringify(body);
  res.writeHead(response.status, {
    ...response.headers,
    'X-Request-Id': requestId,
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
