import { TunnelwatchError, toError, type ErrorCode } from '../core/errors';
import { asObject, asString } from '../core/rawValues';

/** The Huawei VPN API operations tunnelwatch sends (named like Huawei's SDK operations), counted per name. */
export type HuaweiOperation = 'Huawei_ListVpnConnections' | 'Huawei_ShowVpnConnection' | 'Huawei_ListCustomerGateways' | 'Huawei_ResetVpnConnection';

/**
 * Maps a Huawei answer (HTTP status + `{ error_code, error_msg, request_id }`) to a stable code. The message names the
 * operation, the status and Huawei's own error_code / error_msg (bounded), never the body beyond them, never a key.
 */
export function huaweiAnswerError(operation: HuaweiOperation, status: number, body: unknown): TunnelwatchError {
  const error = asObject(body);
  const huaweiCode = asString(error?.error_code, 64);
  const huaweiMessage = asString(error?.error_msg, 2048)?.slice(0, 200);
  const requestId = asString(error?.request_id, 64);
  const [code, transient] = classify(status);
  const message = `${operation}: ${status} ${huaweiCode ?? ''} ${huaweiMessage ?? ''}`.replace(/\s+/g, ' ').trim();
  return new TunnelwatchError(code, message, transient, { status, ...(huaweiCode && { huaweiCode }), ...(requestId && { requestId }) });
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
