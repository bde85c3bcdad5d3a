import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callsOf } from '../fixtures/hostApp/recorder';
import { fixture, startTestHost, uniqueName, waitFor, type TestHost } from './hostTestKit';

const connectionString = inject('azuriteConnectionString');
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

async function queue(name: string): Promise<QueueClient> {
  const client = new QueueClient(connectionString, name);
  await client.createIfNotExists();
  return client;
}

async function peekAll(client: QueueClient): Promise<string[]> {
  if (!(await client.exists())) return [];
  return (await client.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
}

describe('local host storage-queue triggers (base64, maxDequeueCount 3)', () => {
  const names = { flaky: uniqueName('flaky'), relayIn: uniqueName('relay-in'), relayOut: uniqueName('relay-out'), audit: uniqueName('audit') };
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({
      entryFiles: [fixture('queueApp.ts'), fixture('httpApp.ts')],
      hostJsonPath: fixture('host.fast.json'),
      storageConnectionString: connectionString,
      settings: { FLAKY_QUEUE: names.flaky, RELAY_IN: names.relayIn, RELAY_OUT: names.relayOut, AUDIT_QUEUE: names.audit, StorageForRelay: connectionString, FLAKY_FAILURES: '2' },
    });
  });
  afterAll(() => host.stop());

  it('when a trigger queue does not exist yet, then the host creates it', async () => {
    await waitFor(() => new QueueClient(connectionString, names.relayIn).exists(), 5000, 'the trigger queue');
  });

  it('when a message fails twice, then it is retried and the third attempt gets it, parsed, with dequeueCount 3 and the host metadata', async () => {
    const flaky = await queue(names.flaky);
    const sent = await flaky.sendMessage(base64(JSON.stringify({ link: 'l1' })));
    await waitFor(() => callsOf('flaky').filter((c) => (c.triggerMetadata as { id: string }).id === sent.messageId).length === 3, 8000, 'three attempts');
    const attempts = callsOf('flaky').filter((c) => (c.triggerMetadata as { id: string }).id === sent.messageId);
    expect(attempts.map((c) => c.input)).toEqual([{ link: 'l1' }, { link: 'l1' }, { link: 'l1' }]);
    expect(attempts.map((c) => (c.triggerMetadata as { dequeueCount: number }).dequeueCount)).toEqual([1, 2, 3]);
    expect(attempts[2]!.triggerMetadata).toMatchObject({
      id: sent.messageId,
      queueTrigger: { link: 'l1' },
      popReceipt: expect.any(String),
      insertionTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*\+00:00$/),
      expirationTime: expect.any(String),
      nextVisibleTime: expect.any(String),
      sys: { methodName: 'flaky', utcNow: expect.any(String), randGuid: expect.any(String) },
    });
    await waitFor(async () => (await peekAll(flaky)).length === 0, 3000, 'the message to be deleted');
    expect(await peekAll(await queue(`${names.flaky}-poison`))).toEqual([]);
  });

  it('when a message keeps failing, then after maxDequeueCount attempts it moves, unchanged, to <queue>-poison', async () => {
    const flaky = await queue(names.flaky);
    const text = base64('"always fails"');
    // The fixture reads FLAKY_FAILURES on every attempt; raising it makes each attempt fail.
    process.env.FLAKY_FAILURES = '99';
    try {
      const sent = await flaky.sendMessage(text);
      await waitFor(async () => (await peekAll(await queue(`${names.flaky}-poison`))).includes(text), 8000, 'the poison message');
      expect(callsOf('flaky').filter((c) => (c.triggerMetadata as { id: string }).id === sent.messageId)).toHaveLength(3);
      expect(await peekAll(flaky)).toEqual([]);
    } finally {
      process.env.FLAKY_FAILURES = '2';
    }
  });

  it('when a message is not valid base64, then it goes straight to the poison queue without running', async () => {
    const relayIn = await queue(names.relayIn);
    await relayIn.sendMessage('not base64 {!}');
    await waitFor(async () => (await peekAll(await queue(`${names.relayIn}-poison`))).includes('not base64 {!}'), 5000, 'the poison message');
    expect(callsOf('relay').some((c) => c.input === 'not base64 {!}')).toBe(false);
  });

  it('when a function returns to a queue output, then the message is sent base64-encoded after success', async () => {
    const relayIn = await queue(names.relayIn);
    await relayIn.sendMessage(base64('plain text'));
    const out = await queue(names.relayOut);
    const [message] = await waitFor(async () => {
      const found = await peekAll(out);
      return found.length > 0 && found;
    }, 5000, 'the relayed message');
    expect(JSON.parse(Buffer.from(message!, 'base64').toString('utf8'))).toEqual({ relayed: 'plain text' });
  });

  it('when an HTTP function sets an array on an extra queue output, then each item is one message', async () => {
    const response = await fetch(`${host.apiUrl}/audit`, { method: 'POST', body: JSON.stringify([{ event: 'a' }, 'b', 3]) });
    expect(response.status).toBe(202);
    const messages = await waitFor(async () => {
      const found = await peekAll(await queue(names.audit));
      return found.length === 3 && found;
    }, 5000, 'three audit messages');
    expect(messages.map((m) => Buffer.from(m, 'base64').toString('utf8'))).toEqual(['{"event":"a"}', 'b', '3']);
  });
});

describe('local host storage-queue triggers (messageEncoding none)', () => {
  it('when the encoding is none, then raw text is read and outputs are written as plain text', async () => {
    const names = { flaky: uniqueName('flaky-raw'), relayIn: uniqueName('relay-raw-in'), relayOut: uniqueName('relay-raw-out') };
    const host = await startTestHost({
      entryFiles: [fixture('queueApp.ts')],
      hostJsonPath: fixture('host.plain.json'),
      storageConnectionString: connectionString,
      settings: { FLAKY_QUEUE: names.flaky, RELAY_IN: names.relayIn, RELAY_OUT: names.relayOut, StorageForRelay: connectionString },
    });
    try {
      await (await queue(names.relayIn)).sendMessage('{"n":1}');
      const [message] = await waitFor(async () => {
        const found = await peekAll(await queue(names.relayOut));
        return found.length > 0 && found;
      }, 5000, 'the relayed message');
      expect(message).toBe('{"relayed":{"n":1}}');
    } finally {
      await host.stop();
    }
  });
});
