import { TunnelwatchError } from '../../core/errors';
import type { Parsed, QueryProblem } from '../../core/queries/queryParams';

/** The typed query, or a REQUEST.INVALID error whose message names every bad parameter. */
export function valueOrThrow<T>(parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw invalidRequest(parsed.problems);
}

export function invalidRequest(problems: readonly QueryProblem[]): TunnelwatchError {
  return new TunnelwatchError('REQUEST.INVALID', problems.map((p) => p.message).join('; '), false, {
    parameters: problems.map((p) => p.parameter),
  });
}

export function badToken(): TunnelwatchError {
  return invalidRequest([{ parameter: 'continuationToken', message: 'continuationToken was not issued for this query or has been altered' }]);
}

export function linkNotFound(key: string): TunnelwatchError {
  return new TunnelwatchError('LINK.NOT_FOUND', `no monitored link is named '${key.slice(0, 200)}' (a key, an ARM id or a name path)`);
}
