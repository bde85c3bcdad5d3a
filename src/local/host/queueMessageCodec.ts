import type { RpcTypedData } from './functionsCoreTypes';
import type { MessageEncoding } from './readHostJson';

/**
 * Decodes a message body as the Storage extension does: base64 → UTF-8 text, or the raw text with
 * `none`. Undefined means the body is not valid base64 (the host moves such a message straight to
 * the poison queue: retrying cannot help).
 */
export function decodeQueueMessage(messageText: string, encoding: MessageEncoding): string | undefined {
  if (encoding === 'none') return messageText;
  const compact = messageText.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

export function encodeQueueMessage(content: string | Uint8Array, encoding: MessageEncoding): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return encoding === 'base64' ? bytes.toString('base64') : bytes.toString('utf8');
}

/**
 * Turns what the library put in an output binding (`toRpcTypedData` of the value) into queue
 * messages, as the host's queue collector does: an array is one message per item, an object is its
 * JSON text, a string is itself, a number its decimal text, bytes are sent as bytes.
 */
export function queueMessagesFromOutput(data: RpcTypedData | null | undefined): (string | Uint8Array)[] {
  if (!data) return [];
  if (typeof data.string === 'string') return [data.string];
  if (data.bytes) return [data.bytes];
  if (typeof data.int === 'number') return [String(data.int)];
  if (typeof data.double === 'number') return [String(data.double)];
  if (typeof data.json === 'string') {
    const value: unknown = JSON.parse(data.json);
    const items = Array.isArray(value) ? value : [value];
    return items.filter((item) => item !== null && item !== undefined).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  return [];
}
