import { randomUUID } from 'node:crypto';
import type { DequeuedMessageItem } from '@azure/storage-queue';
import type { RpcTypedData } from './functionsCoreTypes';

/**
 * The binding data the Storage extension gives a queue-triggered function, keyed as the host sends it
 * (PascalCase); `@azure/functions` lower-cases the first letter, so the app reads
 * `context.triggerMetadata.dequeueCount`, `.id`, `.insertionTime`, `.popReceipt`...
 * DateTimeOffset values arrive as JSON strings in .NET's round-trip format.
 */
export function queueTriggerMetadata(message: DequeuedMessageItem, decodedText: string, functionName: string, now: Date): Record<string, RpcTypedData> {
  return {
    QueueTrigger: { string: decodedText },
    DequeueCount: { int: message.dequeueCount },
    ExpirationTime: { json: JSON.stringify(dotNetUtc(message.expiresOn)) },
    Id: { string: message.messageId },
    InsertionTime: { json: JSON.stringify(dotNetUtc(message.insertedOn)) },
    NextVisibleTime: { json: JSON.stringify(dotNetUtc(message.nextVisibleOn)) },
    PopReceipt: { string: message.popReceipt },
    sys: { json: JSON.stringify({ MethodName: functionName, UtcNow: now.toISOString(), RandGuid: randomUUID() }) },
  };
}

function dotNetUtc(time: Date): string {
  return time.toISOString().replace(/Z$/, '+00:00');
}
