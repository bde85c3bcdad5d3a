import type { ServerResponse } from 'node:http';
import type { RpcHttpCookie, RpcHttpData } from './functionsCoreTypes';

/** Error codes of the host's own answers (not the app's). */
export type HostHttpErrorCode =
  | 'REQUEST.NOT_FOUND'
  | 'REQUEST.METHOD_NOT_ALLOWED'
  | 'REQUEST.UNAUTHORIZED'
  | 'REQUEST.TOO_LARGE'
  | 'REQUEST.INVALID'
  | 'INTERNAL';

export function writeJsonError(
  res: ServerResponse,
  status: number,
  code: HostHttpErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Writes the function's HTTP output (the RpcHttp that `@azure/functions` built from the handler's
 * `HttpResponseInit`): status, headers, cookies as Set-Cookie, body bytes. No output at all is 204,
 * as the host answers a worker function that set no response.
 */
export function writeRpcHttpResponse(res: ServerResponse, http: RpcHttpData | undefined): void {
  if (!http) {
    res.writeHead(204);
    return void res.end();
  }
  const status = Number(http.statusCode ?? 200);
  const body = http.body ? bodyBytes(http.body) : Buffer.alloc(0);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(http.headers ?? {})) headers[name.toLowerCase()] = value;
  const cookies = (http.cookies ?? []).map(serializeCookie);
  if (cookies.length > 0) headers['set-cookie'] = [...toArray(headers['set-cookie']), ...cookies];
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  const noBody = status === 204 || status === 304 || res.req.method === 'HEAD';
  if (!noBody) headers['content-length'] = String(body.length);
  res.writeHead(Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500, headers);
  res.end(noBody ? undefined : body);
}

function bodyBytes(body: NonNullable<RpcHttpData['body']>): Buffer {
  if (body.bytes) return Buffer.from(body.bytes);
  if (typeof body.string === 'string') return Buffer.from(body.string, 'utf8');
  if (typeof body.json === 'string') return Buffer.from(body.json, 'utf8');
  return Buffer.alloc(0);
}

function toArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function serializeCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ''}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const expires = cookie.expires?.value?.seconds;
  if (typeof expires === 'number') parts.push(`Expires=${new Date(expires * 1000).toUTCString()}`);
  if (typeof cookie.maxAge?.value === 'number') parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  const sameSite = { lax: 'Lax', strict: 'Strict', explicitNone: 'None', none: undefined }[
    cookie.sameSite ?? 'none'
  ];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}
