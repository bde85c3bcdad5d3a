import { TunnelwatchError, toError, type ErrorCode } from '../../core/errors';

/**
 * Maps an ARM/SDK failure to a stable code. The HTTP status is read structurally (RestError.statusCode), so this file
 * needs no SDK import. 429 with `RetryableErrorDueToAnotherOperation` is a busy resource, not throttling (THROTTLING.md).
 */
export function toArmError(thrown: unknown, what: string): TunnelwatchError {
  if (thrown instanceof TunnelwatchError) return thrown;
  const error = toError(thrown);
  const status = (error as { statusCode?: number }).statusCode;
  const armCode = (error as { code?: string }).code;
  const [code, transient] = classify(status, armCode, error.name);
  const message = `${what}: ${status ?? ''} ${armCode ?? ''} ${redactBody(error.message)}`
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
  return new TunnelwatchError(code, message, transient, { status, armCode }, { cause: error });
}

function classify(
  status: number | undefined,
  armCode: string | undefined,
  name: string,
): [ErrorCode, boolean] {
  if (status === 429)
    return armCode === 'RetryableErrorDueToAnotherOperation' ? ['ARM.BUSY', true] : ['ARM.THROTTLED', true];
  if (status === 404) return ['ARM.NOT_FOUND', false];
  if (status === 403) return ['ARM.FORBIDDEN', false];
  if (status === 401) return ['ARM.UNAUTHORIZED', false];
  if (status === 409) return ['ARM.BUSY', true];
  if (
    status === 408 ||
    name === 'AbortError' ||
    armCode === 'REQUEST_SEND_ERROR' ||
    armCode === 'ETIMEDOUT' ||
    armCode === 'ECONNRESET'
  )
    return ['ARM.TIMEOUT', true];
  if (status !== undefined && status >= 500) return ['ARM.UNAVAILABLE', true];
  if (status === undefined) return ['ARM.UNAVAILABLE', true];
  return ['ARM.BAD_RESPONSE', false];
}

/**
 * An SDK message without any response body it embeds: parse errors quote the raw body (which may hold a
 * `sharedKey` on older api-versions), so everything from the first JSON-ish character or the words
 * "response body" on is cut. ARM's own messages ('resource ... not found') keep their text.
 */
function redactBody(message: string): string {
  const cut = message.search(/[{["<]|response body|\bbody\b/i);
  return cut < 0 ? message : `${message.slice(0, cut).trimEnd()} [response body redacted]`;
}
