import { app, type InvocationContext } from '@azure/functions';
import { handleRemediationRequest } from '../app/remediation/handleRemediationRequest';
import type { RemediationDeps, RemediationResult } from '../app/remediation/remediationPorts';
import { remediationServices } from '../composition/remediationDeps';
import { parseRemediationRequest } from '../core/remediation/remediationRequest';

/**
 * Queue trigger on TW_REMEDIATION_QUEUE: the actuator. An invalid message throws REQUEST.INVALID (the host retries
 * and then moves it to the poison queue); transient ARM/storage errors throw so the message is redelivered.
 */
export function remediateHandler(deps: () => Promise<RemediationDeps>) {
  return async (message: unknown, context: InvocationContext): Promise<RemediationResult> => {
    const body = typeof message === 'string' ? parseJson(message) : message;
    const request = parseRemediationRequest(body);
    const d = await deps();
    const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1) || 1;
    const result = await handleRemediationRequest(d, request, d.clock.now(), { dequeueCount });
    context.log(`remediation ${request.kind} ${request.linkId}: ${result.outcome} (${result.reason})`);
    return result;
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

app.storageQueue('remediate', { queueName: '%TW_REMEDIATION_QUEUE%', connection: 'AzureWebJobsStorage', handler: remediateHandler(remediationServices) });
