import { TunnelwatchError, toError, type ErrorCode } from '../../core/errors';
import { asObject, asString } from '../../core/snapshot/rawValues';

/** The Huawei VPN API operations tunnelwatch sends (named like Huawei's SDK operations), counted per name. */
export type HuaweiOperation =
  | 'Huawei_ListVpnConnections'
  | 'Huawei_ShowVpnConnection'
  | 'Huawei_ListCustomerGateways'
  | 'Huawei_ListVpnGateways'
  | 'Huawei_ListConnectionIpsecSa'
  | 'Huawei_ResetVpnConnection';

/**
 * Huawei's documented busy answers (VPN API error codes): 400 `VPN.0030` "The system is busy, please try later." and
 * 400 `VPN.0031` "Repeated operation.". Huawei documents no 409; these are its "try again later".
 */
export const HUAWEI_BUSY_CODES: readonly string[] = ['VPN.0030', 'VPN.0031'];

/** What an error body says, whichever of Huawei's shapes it has; every field bounded, nothing else kept. */
export interface HuaweiErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/**
 * Reads the three error shapes Huawei answers with: the VPN service's `{ code, message }`, the API gateway's
 * `{ error_code, error_msg, request_id }` and the SDKs' `{ error: { code, message } }`. Anything else (HTML from a
 * proxy, an empty body) reads as nothing: the error then carries the HTTP status only, never the body.
 */
export function parseHuaweiErrorBody(body: unknown): HuaweiErrorBody {
  const top = asObject(body);
  const nested = asObject(top?.error);
  const code = errorCodeText(top?.error_code) ?? errorCodeText(top?.code) ?? errorCodeText(nested?.code);
  const message = asString(top?.error_msg, 2048) ?? asString(top?.message, 2048) ?? asString(nested?.message, 2048);
  const requestId = asString(top?.request_id, 64) ?? asString(nested?.request_id, 64);
  return {
    ...(code !== undefined && { code }),
    ...(message !== undefined && { message: redactHuaweiKeys(message, []).slice(0, 200) }),
    ...(requestId !== undefined && /^[A-Za-z0-9_-]+$/.test(requestId) && { requestId }),
  };
}

/** True for Huawei's busy answers (400 VPN.0030 / VPN.0031): retry after a back-off, not a refusal. */
export function isHuaweiBusy(status: number, body: unknown): boolean {
  const code = parseHuaweiErrorBody(body).code;
  return status === 400 && code !== undefined && HUAWEI_BUSY_CODES.includes(code);
}

/**
 * Maps a Huawei answer (HTTP status + one of its error shapes) to a stable code. The message names the operation, the
 * status and Huawei's own code / message (bounded), never the body beyond them, never a key.
 */
export function huaweiAnswerError(operation: HuaweiOperation, status: number, body: unknown): TunnelwatchError {
  const { code: huaweiCode, message: huaweiMessage, requestId } = parseHuaweiErrorBody(body);
  const [code, transient] = isHuaweiBusy(status, body) ? (['HUAWEI.BUSY', true] as const) : classify(status);
  const message = `${operation}: ${status} ${huaweiCode ?? ''} ${huaweiMessage ?? ''}`.replace(/\s+/g, ' ').trim();
  return new TunnelwatchError(code, message, transient, { status, ...(huaweiCode && { huaweiCode }), ...(requestId && { requestId }) });
}

/** Huawei codes are short words like `VPN.0030` or `APIGW.0308`; anything else is not kept. */
function errorCodeText(value: unknown): string | undefined {
  const text = asString(value, 64);
  return text !== undefined && /^[A-Za-z0-9._-]+$/.test(text) ? text : undefined;
}

/** A request that got no answer: timeout, refused or dropped connection, TLS failure. */
export function huaweiTransportError(operation: HuaweiOperation, thrown: unknown, timedOut: boolean): TunnelwatchError {
  const error = toError(thrown);
  const errno = (error as { code?: unknown }).code;
  const reason = typeof errno === 'string' ? errno : error.name;
  return timedOut
    ? new TunnelwatchError('HUAWEI.TIMEOUT', `${operation}: no answer within the request timeout`, true, {}, { cause: error })
    : new TunnelwatchError('HUAWEI.UNAVAILABLE', `${operation}: request failed (${reason})`, true, { errno: reason }, { cause: error });
}

function classify(status: number): [ErrorCode, boolean] {
  if (status === 429) return ['HUAWEI.THROTTLED', true];
  if (status === 409) return ['HUAWEI.BUSY', true];
  if (status === 404) return ['HUAWEI.NOT_FOUND', false];
  if (status === 403) return ['HUAWEI.FORBIDDEN', false];
  if (status === 401) return ['HUAWEI.UNAUTHORIZED', false];
  if (status === 408) return ['HUAWEI.TIMEOUT', true];
  if (status >= 500) return ['HUAWEI.UNAVAILABLE', true];
  return ['HUAWEI.BAD_RESPONSE', false];
}

/** Retry-After in seconds or as an HTTP date, bounded; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number, maxMs: number): number | undefined {
  const value = header?.trim() ?? '';
  if (value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - nowMs;
  return Number.isFinite(ms) ? Math.min(maxMs, Math.max(0, ms)) : undefined;
}

/**
 * Huawei's answer text without access keys: a wrong AK comes back in the 401 (`Get secretKey failed,ak:<AK>,err:…`)
 * and error texts end up in poll-run and audit rows. Every `ak:`/`sk=`-style token and each given key are replaced.
 */
export function redactHuaweiKeys(text: string, keys: readonly string[]): string {
  const tokens = text.replace(/\b(ak|sk|access_?key(?:_?id)?|secret_?(?:access_?)?key)(\s*[:=]\s*)[^\s,;&"'\\]+/gi, '$1$2[redacted]');
  return keys.filter((key) => key.length >= 8).reduce((out, key) => out.split(key).join('[redacted]'), tokens);
}
