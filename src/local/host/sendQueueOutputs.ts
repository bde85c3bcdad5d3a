import { resolveConnectionString, resolveSettingReferences, type AppSettings } from './appSettings';
import { outputBindings, outputValue, stringOption } from './functionBindings';
import type { RegisteredFunction, RpcInvocationResponse } from './functionsCoreTypes';
import type { QueueClients } from './queueClients';
import { encodeQueueMessage, queueMessagesFromOutput } from './queueMessageCodec';
import type { MessageEncoding } from './readHostJson';

/**
 * Sends what a successful invocation set on its storage-queue outputs (`extraOutputs` and `return`),
 * encoded per `messageEncoding`. The host flushes outputs only after the function succeeded; a failed
 * send fails the invocation (the caller decides what that means for the trigger).
 */
export async function sendQueueOutputs(
  fn: RegisteredFunction,
  response: RpcInvocationResponse,
  deps: { settings: AppSettings; clients: QueueClients; encoding: MessageEncoding },
): Promise<number> {
  let sent = 0;
  for (const { name, binding } of outputBindings(fn, 'queue')) {
    const messages = queueMessagesFromOutput(outputValue(response, name));
    if (messages.length === 0) continue;
    const where = `function '${fn.metadata.name}' output '${name}'`;
    const queueName = resolveSettingReferences(stringOption(binding, 'queueName') ?? '', deps.settings, where);
    const client = await deps.clients.get(resolveConnectionString(binding.connection, deps.settings, where), queueName);
    for (const message of messages) {
      await client.sendMessage(encodeQueueMessage(message, deps.encoding));
      sent++;
    }
  }
  return sent;
}
