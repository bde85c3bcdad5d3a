import type { HttpRequest } from '@azure/functions';
import { TunnelwatchError } from '../../core/errors';

/**
 * Not a trigger: body reading for the remediation routes (errors map to HTTP in httpErrors.withErrors).
 * Reads a JSON body with a size limit (checked on Content-Length and again while reading, so a lying or absent
 * header cannot get more through) and a JSON content type.
 */
export async function readJsonBody(request: HttpRequest, maxBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type.trim())) {
    throw new TunnelwatchError('REQUEST.UNSUPPORTED_MEDIA_TYPE', `content type must be application/json (got '${type.slice(0, 100)}')`);
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readLimited(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TunnelwatchError('REQUEST.INVALID', 'body is not valid JSON');
  }
}

async function readLimited(request: HttpRequest, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

const tooLarge = (maxBytes: number): TunnelwatchError => new TunnelwatchError('REQUEST.TOO_LARGE', `body exceeds ${maxBytes} bytes`);
