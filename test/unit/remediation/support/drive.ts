import { handleRemediationRequest } from '../../../../src/app/remediation/handleRemediationRequest';
import type { RemediationResult } from '../../../../src/app/remediation/remediationPorts';
import type { Harness } from './remediationHarness';

/**
 * Delivers queued messages in due order, moving the fixed clock to each one's visibility time,
 * until the queue is empty or `max` messages were handled (bounded: a loop bug fails the test, not the run).
 */
export async function deliverAll(h: Harness, max = 50): Promise<RemediationResult[]> {
  const results: RemediationResult[] = [];
  const pending: Array<{ dueMs: number; request: (typeof h.queue.sent)[number]['request'] }> = [];
  for (let i = 0; i < max; i++) {
    pending.push(...h.queue.drain().map((m) => ({ dueMs: h.clock.now().getTime() + m.visibilityDelayMs, request: m.request })));
    pending.sort((a, b) => a.dueMs - b.dueMs);
    const next = pending.shift();
    if (!next) return results;
    if (next.dueMs > h.clock.now().getTime()) h.clock.set(new Date(next.dueMs));
    results.push(await handleRemediationRequest(h.deps, next.request, h.clock.now()));
  }
  throw new Error(`more than ${max} messages: a follow-up loop?`);
}
