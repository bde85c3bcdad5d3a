import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toError } from '../../core/errors';
import { isAuthorized, type AuthLevel, type HostKeys } from './functionKeys';
import type { RpcHttpData } from './functionsCoreTypes';
import type { HostLogger } from './hostLog';
import type { HttpRoute } from './httpRoute';
import { readRequestBody } from './readRequestBody';
import { withinBound } from './withinBound';
import { writeJsonError, writeRpcHttpResponse } from './writeHttpResponse';

export type HttpInvocationResult =
  | { readonly ok: true; readonly http: RpcHttpData | undefined }
  | { readonly ok: false; readonly invocationId: string };

export interface HttpEndpoint {
  readonly functionName: string;
  readonly route: HttpRoute;
  /** Upper-case methods. */
  readonly methods: readonly string[];
  readonly authLevel: AuthLevel;
  invoke(request: RpcHttpData): Promise<HttpInvocationResult>;
}

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly routePrefix: string;
  /** Most specific first (see byPrecedence). */
  readonly endpoints: readonly HttpEndpoint[];
  readonly keys: HostKeys;
  readonly maxRequestBodyBytes: number;
  readonly log: HostLogger;
}

export interface RunningHttpServer {
  readonly url: string;
  stop(timeoutMs: number): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((thrown: unknown) => {
      options.log('error', `HTTP ${req.method} ${withoutKey(req.url ?? '/')}: ${toError(thrown).message}`);
      writeJsonError(res, 500, 'INTERNAL', 'The host failed to handle the request.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    stop: async (timeoutMs) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (!(await withinBound(closed, timeoutMs))) server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * The request's URL. The path is appended to the origin rather than resolved against it, so a path such as `//x`
 * stays a path (resolving would read it as a host); an unusable Host header falls back to the listening address.
 */
function requestUrl(req: IncomingMessage, options: HttpServerOptions): URL | undefined {
  const path = req.url ?? '/';
  for (const origin of [`http://${req.headers.host ?? ''}`, `http://${options.host}:${options.port}`]) {
    try {
      return new URL(`${origin}${path.startsWith('/') ? path : `/${path}`}`);
    } catch {
      // try the next origin
    }
  }
  return undefined;
}

async function handle(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = requestUrl(req, options);
  if (!url)
    return writeJsonError(res, 400, 'REQUEST.INVALID', 'The request URL or Host header cannot be parsed');
  const segments = routeSegments(url.pathname, options.routePrefix);
  if (!segments) return writeJsonError(res, 404, 'REQUEST.NOT_FOUND', `No function serves ${url.pathname}`);
  const method = (req.method ?? 'GET').toUpperCase();
  const matches = options.endpoints
    .map((endpoint) => ({ endpoint, params: endpoint.route.match(segments) }))
    .filter((m) => m.params);
  if (matches.length === 0)
    return writeJsonError(res, 404, 'REQUEST.NOT_FOUND', `No function serves ${url.pathname}`);
  const match = matches.find((m) => m.endpoint.methods.includes(method));
  if (!match) {
    const allow = [...new Set(matches.flatMap((m) => m.endpoint.methods))].join(', ');
    return writeJsonError(
      res,
      405,
      'REQUEST.METHOD_NOT_ALLOWED',
      `${method} is not allowed on ${url.pathname}`,
      { allow },
    );
  }
  const { endpoint } = match;
  const presentedKey = headerValue(req, 'x-functions-key') ?? url.searchParams.get('code') ?? undefined;
  if (!isAuthorized(endpoint.authLevel, presentedKey, options.keys)) {
    return writeJsonError(
      res,
      401,
      'REQUEST.UNAUTHORIZED',
      'A valid function key is required (x-functions-key header or code query parameter).',
    );
  }
  const body = await readRequestBody(req, options.maxRequestBodyBytes);
  if (body === 'too-large') {
    res.setHeader('connection', 'close');
    return writeJsonError(
      res,
      413,
      'REQUEST.TOO_LARGE',
      `The request body exceeds ${options.maxRequestBodyBytes} bytes.`,
    );
  }
  const result = await endpoint.invoke({
    method,
    url: url.toString(),
    headers: flattenHeaders(req),
    params: match.params ?? {},
    body: body.length > 0 ? { bytes: body } : undefined,
  });
  if (!result.ok) {
    return writeJsonError(
      res,
      500,
      'INTERNAL',
      `The function '${endpoint.functionName}' failed (invocation ${result.invocationId}); see the host log.`,
    );
  }
  writeRpcHttpResponse(res, result.http);
}

/** Path segments after the route prefix, URL-decoded; undefined when the path is outside the prefix. */
function routeSegments(pathname: string, routePrefix: string): string[] | undefined {
  const parts = pathname.split('/').filter((s) => s.length > 0);
  const prefix = routePrefix.split('/').filter((s) => s.length > 0);
  if (!prefix.every((p, i) => parts[i]?.toLowerCase() === p.toLowerCase())) return undefined;
  try {
    return parts.slice(prefix.length).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * A request target fit for the log: the `code` query parameter is a function key. Names are decoded as the key check
 * reads them (URLSearchParams), so `?%63ode=` is redacted too; the path and the other parameters stay as sent.
 */
export function withoutKey(target: string): string {
  const at = target.indexOf('?');
  if (at < 0) return target;
  const query = target
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = [...new URLSearchParams(pair).keys()][0] ?? '';
      return name.trim().toLowerCase() === 'code' ? `${pair.split('=')[0]}=[redacted]` : pair;
    });
  return `${target.slice(0, at)}?${query.join('&')}`;
}
