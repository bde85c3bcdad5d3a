import type { IncomingMessage } from 'node:http';

/**
 * Reads the whole body, refusing more than `limit` bytes (the host's default limit is 100 MB,
 * FUNCTIONS_REQUEST_BODY_SIZE_LIMIT). A declared Content-Length over the limit is refused unread;
 * past the limit the rest is drained and dropped so a 413 can still be written.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        resolve('too-large');
      } else {
        chunks.push(chunk);
      }
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
