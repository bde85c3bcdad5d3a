import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import { toError } from '../../core/errors';
import type { RpcTypedData } from './functionsCoreTypes';
import type { HostLogger } from './hostLog';
import type { InvocationOutcome } from './invokeRegisteredFunction';
import type { QueueClients } from './queueClients';
import { decodeQueueMessage } from './queueMessageCodec';
import { queueTriggerMetadata } from './queueTriggerMetadata';
import type { QueuesOptions } from './readHostJson';
import { withinBound } from './withinBound';

export interface QueueListenerOptions {
  readonly functionName: string;
  readonly queueName: string;
  readonly connectionString: string;
  readonly queues: QueuesOptions;
  readonly clients: QueueClients;
  /** How long a received message stays invisible while its invocation runs. */
  readonly processingVisibilityMs: number;
  readonly invoke: (decodedText: string, metadata: Record<string, RpcTypedData>) => Promise<InvocationOutcome>;
  readonly log: HostLogger;
}

export interface RunningQueueListener {
  readonly functionName: string;
  readonly queueName: string;
  stop(timeoutMs: number): Promise<void>;
}

const MIN_POLLING_INTERVAL_MS = 100;

/**
 * Polls one queue like the Storage extension's QueueListener: batches of `batchSize`, the next batch fetched once
 * no more than `newBatchThreshold` invocations are left running, exponential back-off up to `maxPollingInterval`
 * while the queue is empty, delete on success, release with
 * `visibilityTimeout` on failure, and `<queue>-poison` once `dequeueCount` reaches `maxDequeueCount`.
 */
export function startQueueListener(options: QueueListenerOptions): RunningQueueListener {
  const { log, queues } = options;
  let stopped = false;
  let wake: (() => void) | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const receive = async (): Promise<DequeuedMessageItem[]> => {
    const client = await options.clients.get(options.connectionString, options.queueName);
    const result = await client.receiveMessages({
      numberOfMessages: queues.batchSize,
      visibilityTimeout: Math.max(1, Math.ceil(options.processingVisibilityMs / 1000)),
    });
    return result.receivedMessageItems;
  };

  // Invocations still running. As in the host, a new batch is fetched once no more than newBatchThreshold are left,
  // so up to batchSize + newBatchThreshold messages run at once and one slow message never holds back the queue.
  const inFlight = new Set<Promise<void>>();
  const loop = async (): Promise<void> => {
    let delay = 0;
    while (!stopped) {
      if (inFlight.size > queues.newBatchThreshold) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: DequeuedMessageItem[] = [];
      try {
        messages = await receive();
      } catch (thrown) {
        log('warning', `Queue '${options.queueName}' (${options.functionName}): polling failed: ${toError(thrown).message}`);
      }
      if (messages.length > 0) {
        delay = 0;
        for (const message of messages) {
          const running: Promise<void> = processMessage(options, message).finally(() => inFlight.delete(running));
          inFlight.add(running);
        }
      } else if (!stopped) {
        delay = Math.min(Math.max(delay * 2, MIN_POLLING_INTERVAL_MS), Math.max(queues.maxPollingIntervalMs, MIN_POLLING_INTERVAL_MS));
        await sleep(delay);
      }
    }
    await Promise.all(inFlight);
  };

  const running = loop();
  return {
    functionName: options.functionName,
    queueName: options.queueName,
    stop: async (timeoutMs) => {
      stopped = true;
      wake?.();
      await withinBound(running, timeoutMs);
    },
  };
}

async function processMessage(options: QueueListenerOptions, message: DequeuedMessageItem): Promise<void> {
  const { log, queues } = options;
  const where = `Queue '${options.queueName}' message ${message.messageId}`;
  try {
    const client = await options.clients.get(options.connectionString, options.queueName);
    if (message.dequeueCount > queues.maxDequeueCount) {
      return await moveToPoison(options, client, message, `dequeue count ${message.dequeueCount} exceeds ${queues.maxDequeueCount}`);
    }
    const text = decodeQueueMessage(message.messageText, queues.messageEncoding);
    if (text === undefined) return await moveToPoison(options, client, message, 'its body is not valid base64');
    const outcome = await options.invoke(text, queueTriggerMetadata(message, text, options.functionName, new Date()));
    if (outcome.ok) {
      await client.deleteMessage(message.messageId, message.popReceipt);
    } else if (message.dequeueCount >= queues.maxDequeueCount) {
      await moveToPoison(options, client, message, `it reached MaxDequeueCount of ${queues.maxDequeueCount}`);
    } else {
      await client.updateMessage(message.messageId, message.popReceipt, undefined, Math.floor(queues.visibilityTimeoutMs / 1000));
    }
  } catch (thrown) {
    // The message becomes visible again when its invisibility ends; the host does the same.
    log('warning', `${where}: storage operation failed: ${toError(thrown).message}`);
  }
}

async function moveToPoison(options: QueueListenerOptions, client: QueueClient, message: DequeuedMessageItem, why: string): Promise<void> {
  const poisonName = `${options.queueName}-poison`;
  options.log('warning', `Queue '${options.queueName}' message ${message.messageId}: moving to queue '${poisonName}' because ${why}`);
  const poison = await options.clients.get(options.connectionString, poisonName);
  await poison.sendMessage(message.messageText);
  await client.deleteMessage(message.messageId, message.popReceipt);
}
