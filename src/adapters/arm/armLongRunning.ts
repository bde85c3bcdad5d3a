import type { OperationProgress, ActionStart } from '../../app/ports';
import { toError, TunnelwatchError } from '../../core/errors';
import { asObject, asString } from '../../core/snapshot/rawValues';
import { toArmError } from './armErrors';
import type { ArmOperationId } from './armOperations';
import { parseArmBody } from './parseArmBody';

/** One HTTP exchange with ARM through the client's pipeline (auth, pacing, CA); no automatic retries. */
export type ArmSend = (
  operation: ArmOperationId,
  request: { readonly url: string; readonly method: 'GET' | 'POST' },
) => Promise<{
  readonly status: number;
  readonly header: (name: string) => string | undefined;
  readonly bodyAsText?: string;
}>;

export interface TrackOptions {
  /** Wait between status polls when ARM sends no Retry-After (LRO.md: the client picks its own). */
  readonly defaultPollMs: number;
  /** Consecutive failed status reads (429, 5xx, dropped) tolerated before the outcome is declared unknown. */
  readonly maxReadFailures?: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

interface OperationToken {
  readonly linkId: string;
  /** Azure-AsyncOperation URL: always 200, the status in the body (preferred, LRO.md). */
  readonly status?: string;
  /** Location URL: 202 while running, then the synchronous answer. */
  readonly location?: string;
}

/**
 * The POST half of an ARM long-running action. It is sent exactly once (the caller's client has no retry policy
 * for it): any answer ARM gave to the POST itself is a refusal (4xx: not performed); 200/202 is acceptance; no
 * answer or a 5xx is unknown, because ARM may have accepted the action before the failure.
 */
export async function startArmAction(
  send: ArmSend,
  operation: ArmOperationId,
  linkId: string,
  url: string,
): Promise<ActionStart> {
  let response: Awaited<ReturnType<ArmSend>>;
  try {
    response = await send(operation, { url, method: 'POST' });
  } catch (thrown) {
    const e = toArmError(thrown, operation);
    return { outcome: 'unknown', code: e.code, message: e.message };
  }
  if (response.status === 200 || response.status === 202 || response.status === 204) {
    const token: OperationToken = {
      linkId,
      status: response.header('azure-asyncoperation'),
      location: response.header('location'),
    };
    const done = response.status !== 202 || (token.status === undefined && token.location === undefined);
    return {
      outcome: 'accepted',
      operationToken: encodeOperationToken(token),
      done,
      ...(done && { result: parseArmBody(response.bodyAsText) }),
    };
  }
  const e = errorOf(response, operation);
  if (response.status >= 500) return { outcome: 'unknown', code: e.code, message: e.message };
  const after = retryAfterMs(response.header('retry-after'));
  return {
    outcome: 'refused',
    code: e.code,
    message: e.message,
    busy: e.code === 'ARM.BUSY' || e.code === 'ARM.THROTTLED',
    ...(after !== undefined && { retryAfterMs: after }),
  };
}

/**
 * The tracking half: polls the operation's status URL until it ends or `timeoutMs` passes, honouring Retry-After.
 * A status that cannot be read (403 outside the role's scope, 404, 429s, 5xx, dropped sockets) ends in 'unknown':
 * failing to read the status is not the operation failing (LRO.md). Only GETs are sent here, never the POST again.
 */
export async function trackArmOperation(
  send: ArmSend,
  operationToken: string,
  timeoutMs: number,
  options: TrackOptions,
): Promise<OperationProgress> {
  const token = decodeOperationToken(operationToken);
  const url = token.status ?? token.location;
  if (url === undefined) return { state: 'succeeded' };
  const operation: ArmOperationId =
    token.status !== undefined ? 'Network_Locations_Operations' : 'Network_Locations_OperationResults';
  const deadline = options.now() + timeoutMs;
  const maxFailures = options.maxReadFailures ?? 3;
  let failures = 0;
  for (;;) {
    const read = await readStatus(send, operation, url, token.status !== undefined);
    if (read.kind === 'done') return read.progress;
    if (read.kind === 'unreadable') {
      failures++;
      if (!read.transient || failures >= maxFailures)
        return { state: 'unknown', code: read.code, message: read.message };
    } else {
      failures = 0;
    }
    // Honour Retry-After, but never hammer ARM for a 0 (at most one poll a second, or the configured pace).
    const wait =
      read.retryAfterMs === undefined
        ? options.defaultPollMs
        : Math.max(read.retryAfterMs, Math.min(1000, options.defaultPollMs));
    const left = deadline - options.now();
    if (left <= 0 || wait > left) {
      // Waiting would end past the bound: still running as far as we know (resumable from the same token),
      // unless the last read already failed, which is the more useful reason to report.
      if (read.kind === 'unreadable') return { state: 'unknown', code: read.code, message: read.message };
      return { state: 'running', resumeToken: operationToken };
    }
    await options.sleep(wait);
  }
}

/** After a Succeeded Azure-AsyncOperation, the action's result is at the Location URL (final-state-via: location). */
export async function readArmOperationResult(send: ArmSend, operationToken: string): Promise<unknown> {
  const { location } = decodeOperationToken(operationToken);
  if (location === undefined) return undefined;
  const response = await send('Network_Locations_OperationResults', { url: location, method: 'GET' });
  if (response.status !== 200) throw errorOf(response, 'Network_Locations_OperationResults');
  return parseArmBody(response.bodyAsText);
}

type StatusRead =
  | { readonly kind: 'done'; readonly progress: OperationProgress }
  | { readonly kind: 'running'; readonly retryAfterMs?: number }
  | {
      readonly kind: 'unreadable';
      readonly transient: boolean;
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    };

async function readStatus(
  send: ArmSend,
  operation: ArmOperationId,
  url: string,
  asyncStyle: boolean,
): Promise<StatusRead> {
  let response: Awaited<ReturnType<ArmSend>>;
  try {
    response = await send(operation, { url, method: 'GET' });
  } catch (thrown) {
    const e = toArmError(thrown, operation);
    return { kind: 'unreadable', transient: e.transient, code: e.code, message: e.message };
  }
  const after = retryAfterMs(response.header('retry-after'));
  if (asyncStyle && response.status === 200) {
    const body = asObject(parseArmBody(response.bodyAsText));
    const status = asString(body?.status, 64) ?? '';
    if (status.toLowerCase() === 'succeeded') return { kind: 'done', progress: { state: 'succeeded' } };
    if (status.toLowerCase() === 'failed' || status.toLowerCase() === 'canceled') {
      const error = asObject(body?.error);
      return {
        kind: 'done',
        progress: {
          state: 'failed',
          code: asString(error?.code, 100) ?? status,
          message: (asString(error?.message, 500) ?? `operation ${status}`).slice(0, 500),
        },
      };
    }
    return { kind: 'running', ...(after !== undefined && { retryAfterMs: after }) };
  }
  if (!asyncStyle && response.status === 202)
    return { kind: 'running', ...(after !== undefined && { retryAfterMs: after }) };
  if (!asyncStyle && (response.status === 200 || response.status === 204))
    return { kind: 'done', progress: { state: 'succeeded' } };
  const e = errorOf(response, operation);
  return {
    kind: 'unreadable',
    transient: e.transient,
    code: e.code,
    message: e.message,
    ...(after !== undefined && { retryAfterMs: after }),
  };
}

function errorOf(response: Awaited<ReturnType<ArmSend>>, operation: ArmOperationId): TunnelwatchError {
  const error = asObject(asObject(parseArmBody(response.bodyAsText))?.error);
  const raised = Object.assign(new Error(asString(error?.message, 300) ?? `HTTP ${response.status}`), {
    statusCode: response.status,
    code: asString(error?.code, 100),
  });
  return toArmError(raised, operation);
}

/** Retry-After is whole seconds in ARM (LRO.md: http-dates are not supported); capped at ARM's 10-minute maximum. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(Number(value.trim()) * 1000, 10 * 60_000);
}

function encodeOperationToken(token: OperationToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

export function decodeOperationToken(text: string): OperationToken {
  try {
    const o = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
    const optional = (v: unknown): string | undefined =>
      typeof v === 'string' && /^https:\/\//i.test(v) ? v : undefined;
    if (typeof o.linkId === 'string')
      return { linkId: o.linkId, status: optional(o.status), location: optional(o.location) };
  } catch (thrown) {
    throw new TunnelwatchError(
      'REQUEST.INVALID',
      'operation token is not one this adapter issued',
      false,
      {},
      { cause: toError(thrown) },
    );
  }
  throw new TunnelwatchError('REQUEST.INVALID', 'operation token is not one this adapter issued');
}
