import type { PollShardMessage, PollShardQueue } from '../../../src/app/monitoring/monitoringPorts';
import type { RemediationQueue } from '../../../src/app/ports';
import type { RemediationRequest } from '../../../src/core/remediation/remediationRequest';

/** Queue fakes that keep what was sent, for unit tests. */
export function createInMemoryRemediationQueue(): RemediationQueue & { readonly sent: Array<{ request: RemediationRequest; visibilityDelayMs?: number }> } {
  const sent: Array<{ request: RemediationRequest; visibilityDelayMs?: number }> = [];
  return {
    sent,
    send: async (request, options) => {
      sent.push({ request, ...(options?.visibilityDelayMs !== undefined && { visibilityDelayMs: options.visibilityDelayMs }) });
    },
  };
}

export function createInMemoryPollShardQueue(): PollShardQueue & { readonly sent: PollShardMessage[] } {
  const sent: PollShardMessage[] = [];
  return { sent, send: async (message) => void sent.push(message) };
}
