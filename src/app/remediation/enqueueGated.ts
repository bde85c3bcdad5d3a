import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import type { RemediationQueue } from '../ports';
import type { RequestGate } from './remediationPorts';

/**
 * Queues `request` if its link's request gate admits it (one queued request per link, whoever asks); a send that
 * fails gives the gate back, so the link is not held for a message that never left. True when queued.
 */
export async function enqueueGated(
  deps: { readonly queue: RemediationQueue; readonly requestGate: RequestGate },
  request: RemediationRequest,
  linkKey: string,
  now: Date,
): Promise<boolean> {
  if (!(await deps.requestGate.enter(linkKey, request.requestId, now))) return false;
  try {
    await deps.queue.send(request);
  } catch (error) {
    await deps.requestGate.release(linkKey, request.requestId).catch(() => undefined);
    throw error;
  }
  return true;
}
