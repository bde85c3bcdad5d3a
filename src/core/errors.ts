/** Stable error codes (STYLE.md §5). A code names the failure; `transient` says whether retrying can help. */
export type ErrorCode =
  | 'CONFIG.INVALID'
  | 'ARM.THROTTLED'
  | 'ARM.BUSY'
  | 'ARM.NOT_FOUND'
  | 'ARM.FORBIDDEN'
  | 'ARM.UNAUTHORIZED'
  | 'ARM.TIMEOUT'
  | 'ARM.UNAVAILABLE'
  | 'ARM.BAD_RESPONSE'
  | 'ARM.OPERATION_FAILED'
  | 'HUAWEI.THROTTLED'
  | 'HUAWEI.BUSY'
  | 'HUAWEI.NOT_FOUND'
  | 'HUAWEI.FORBIDDEN'
  | 'HUAWEI.UNAUTHORIZED'
  | 'HUAWEI.TIMEOUT'
  | 'HUAWEI.UNAVAILABLE'
  | 'HUAWEI.BAD_RESPONSE'
  | 'METRICS.THROTTLED'
  | 'METRICS.FORBIDDEN'
  | 'METRICS.UNAUTHORIZED'
  | 'METRICS.BAD_REQUEST'
  | 'METRICS.UNAVAILABLE'
  | 'STORAGE.CONFLICT'
  | 'STORAGE.UNAVAILABLE'
  | 'STORAGE.FAILED'
  | 'LINK.NOT_FOUND'
  | 'LINK.OUT_OF_SCOPE'
  | 'LINK.AMBIGUOUS'
  | 'REQUEST.INVALID'
  | 'REQUEST.UNAUTHORIZED'
  | 'REQUEST.FORBIDDEN'
  | 'REQUEST.TOO_LARGE'
  | 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL';

export class TunnelwatchError extends Error {
  override readonly name = 'TunnelwatchError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly transient = false,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns whatever was thrown into an Error at the catch site (STYLE.md §5). */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(JSON.stringify(thrown));
  } catch {
    return new Error(String(thrown));
  }
}

export function errorCode(thrown: unknown): ErrorCode {
  return thrown instanceof TunnelwatchError ? thrown.code : 'INTERNAL';
}

export function isTransient(thrown: unknown): boolean {
  return thrown instanceof TunnelwatchError && thrown.transient;
}
