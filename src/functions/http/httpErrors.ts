import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { errorCode, toError, TunnelwatchError, type ErrorCode } from '../../core/errors';

/** Not a trigger: the shared edge of every HTTP route (STYLE.md §1: HTTP status lives only here). */
export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

const STATUS: Partial<Record<ErrorCode, number>> = {
  'REQUEST.INVALID': 400,
  'REQUEST.UNAUTHORIZED': 401,
  'REQUEST.FORBIDDEN': 403,
  'LINK.NOT_FOUND': 404,
  'LINK.OUT_OF_SCOPE': 403,
  'LINK.AMBIGUOUS': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'STORAGE.UNAVAILABLE': 503,
};

/** Runs a route and turns any failure into `{ error: { code, message } }`: 4xx for the caller's mistakes, 5xx otherwise. */
export function withErrors(run: HttpHandler): HttpHandler {
  return async (request, context) => {
    try {
      return await run(request, context);
    } catch (thrown) {
      const error = toError(thrown);
      const status = STATUS[errorCode(error)] ?? 500;
      if (status >= 500)
        context.error(
          `${request.method} ${new URL(request.url).pathname} failed: ${error.stack ?? error.message}`,
        );
      const code = status >= 500 && status !== 503 ? 'INTERNAL' : errorCode(error);
      const message =
        status >= 500 && status !== 503 ? 'internal error; see the function logs' : error.message;
      const details = error instanceof TunnelwatchError ? publicDetails(error) : {};
      return json(status, { error: { code, message, ...details } });
    }
  };
}

/** The details a client may see: bad parameter names, ambiguous-link candidates (ids and names, never secrets). */
function publicDetails(error: TunnelwatchError): Record<string, unknown> {
  const { parameters, candidates } = error.details;
  return {
    ...(Array.isArray(parameters) && { parameters }),
    ...(Array.isArray(candidates) && { candidates }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  // nosniff: a JSON answer echoing caller text must never be sniffed into HTML.
  return {
    status,
    jsonBody: body,
    headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
  };
}
