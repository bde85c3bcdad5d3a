import { QueueClient } from '@azure/storage-queue';
import { describe, expect, inject, it } from 'vitest';
import { createHostLogger } from '../../src/local/host/hostLog';
import { QueueClients } from '../../src/local/host/queueClients';
import { startQueueListener } from '../../src/local/host/queueListener';
import type { QueuesOptions } from '../../src/local/host/readHostJson';
import { uniqueName, waitFor } from './hostTestKit';

const connectionString = inject('azuriteConnectionString');

/**
 * Three messages whose invocations run until released: which of them have started while the first batch (two) is
 * still running shows whether the listener fetches the next batch at newBatchThreshold, as the host does.
 */
async function startedWhileFirstBatchRuns(newBatchThreshold: number): Promise<{ started: string[]; finished: string[] }> {
  const queueName = uniqueName('batches');
  const client = new QueueClient(connectionString, queueName);
  await client.createIfNotExists();
  for (const text of ['a', 'b', 'c']) await client.sendMessage(Buffer.from(text).toString('base64'));
  const queues: QueuesOptions = { batchSize: 2, newBatchThreshold, maxDequeueCount: 3, visibilityTimeoutMs: 0, maxPollingIntervalMs: 100, messageEncoding: 'base64' };
  const started: string[] = [];
  const finished: string[] = [];
  const releases: Array<() => void> = [];
  const listener = startQueueListener({
    functionName: 'slow',
    queueName,
    connectionString,
    queues,
    clients: new QueueClients(),
    processingVisibilityMs: 30_000,
    log: createHostLogger(() => undefined),
    invoke: async (text) => {
      started.push(text);
      await new Promise<void>((resolve) => releases.push(resolve));
      finished.push(text);
      return { ok: true, invocationId: text, response: {} };
    },
  });
  try {
    await waitFor(() => started.length >= 2, 5000, 'the first batch');
    // Time for the listener to fetch again if it is going to.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const snapshot = { started: [...started].sort(), finished: [...finished] };
    while (finished.length < 3) {
      releases.splice(0).forEach((release) => release());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return snapshot;
  } finally {
    await listener.stop(5000);
  }
}

describe('local host queue listener batches', () => {
  it('when no more than newBatchThreshold invocations are left running, then the next batch starts: one slow message does not hold back the queue', async () => {
    expect(await startedWhileFirstBatchRuns(2)).toEqual({ started: ['a', 'b', 'c'], finished: [] });
  });

  it('when more than newBatchThreshold invocations are running, then the next batch waits for them', async () => {
    expect(await startedWhileFirstBatchRuns(0)).toEqual({ started: ['a', 'b'], finished: [] });
  });
});
