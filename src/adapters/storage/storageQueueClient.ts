import { DefaultAzureCredential } from '@azure/identity';
import { QueueClient, RestError } from '@azure/storage-queue';
import type { PollShardMessage, PollShardQueue } from '../../app/monitoring/monitoringPorts';
import type { RemediationQueue } from '../../app/ports';
import { TunnelwatchError, toError } from '../../core/errors';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';

/**
 * The only importer of @azure/storage-queue. Messages are JSON, base64-encoded because host.json sets
 * `messageEncoding: base64` for the queue triggers that consume them.
 */
export interface JsonQueue {
  sendJson(body: unknown, options?: { readonly visibilityDelayMs?: number }): Promise<void>;
  /** Peeks/receives for tests and tools: decoded bodies of up to 32 messages, without deleting them. */
  peekJson(max?: number): Promise<unknown[]>;
}

const ensured = new Set<string>();

/** `connection` is a connection string or `identity:<tableServiceUri>|<queueServiceUri>` (see loadConfig). */
export function createJsonQueue(connection: string, queueName: string): JsonQueue {
  const client = connection.startsWith('identity:')
    ? new QueueClient(`${connection.split('|')[1]!.replace(/\/+$/, '')}/${queueName}`, new DefaultAzureCredential(managedIdentity()))
    : new QueueClient(connection, queueName);
  const ensure = async (): Promise<void> => {
    if (ensured.has(client.url)) return;
    await client.createIfNotExists();
    ensured.add(client.url);
  };
  return {
    sendJson: async (body, options = {}) => {
      try {
        await ensure();
        const visibilityTimeout = options.visibilityDelayMs ? Math.min(7 * 86_400, Math.ceil(options.visibilityDelayMs / 1000)) : undefined;
        await client.sendMessage(Buffer.from(JSON.stringify(body), 'utf8').toString('base64'), visibilityTimeout ? { visibilityTimeout } : {});
      } catch (thrown) {
        throw toQueueError(thrown, queueName);
      }
    },
    peekJson: async (max = 32) => {
      try {
        await ensure();
        const peeked = await client.peekMessages({ numberOfMessages: Math.min(32, max) });
        return peeked.peekedMessageItems.map((m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as unknown);
      } catch (thrown) {
        throw toQueueError(thrown, queueName);
      }
    },
  };
}

export function createRemediationQueue(connection: string, queueName: string): RemediationQueue {
  const queue = createJsonQueue(connection, queueName);
  return { send: (request: RemediationRequest, options) => queue.sendJson(request, options) };
}

export function createPollShardQueue(connection: string, queueName: string): PollShardQueue {
  const queue = createJsonQueue(connection, queueName);
  return { send: (message: PollShardMessage) => queue.sendJson(message) };
}

function managedIdentity(): { managedIdentityClientId?: string } {
  const clientId = process.env.AZURE_CLIENT_ID;
  return clientId ? { managedIdentityClientId: clientId } : {};
}

function toQueueError(thrown: unknown, queueName: string): TunnelwatchError {
  const error = toError(thrown);
  const status = error instanceof RestError ? error.statusCode : undefined;
  const transient = status === undefined || status === 408 || status === 429 || status >= 500;
  return new TunnelwatchError(transient ? 'STORAGE.UNAVAILABLE' : 'STORAGE.FAILED', `queue ${queueName}: ${error.message}`, transient, { status }, { cause: error });
}
