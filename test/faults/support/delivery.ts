import { HttpRequest, InvocationContext } from '@azure/functions';
import { alertsHandler } from '../../../src/functions/alerts';
import { remediateHandler } from '../../../src/functions/remediate';
import { TunnelwatchError } from '../../../src/core/errors';
import { WorkerKilled, type FaultStack, type Worker } from './faultStack';
import type { Prng } from './prng';
import type { QueuedMessage } from './virtualQueue';

export { tunnelAlert } from './tunnelAlert';

/** What delivery saw go wrong that is not an injected fault: invocations that died of a bug, 5xx answers. */
export interface DeliveryLog {
  readonly crashes: string[];
  readonly httpBodies: string[];
  invocations: number;
}

/** An InvocationContext whose log lines land in the stack's captured host log. */
export function contextFor(stack: FaultStack, functionName: string, triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new InvocationContext({
    functionName,
    invocationId: `inv-${Math.random().toString(36).slice(2)}`,
    triggerMetadata,
    logHandler: (level, ...args) => stack.logs.push(`${level} ${functionName} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`),
  });
}

/**
 * Delivers every due remediation message (and `copies - 1` duplicates of each) to the workers at once, through the
 * exported queue handler, as the host would: success deletes, failure releases for redelivery (poison after 5).
 * Repeats while follow-ups come due immediately, bounded.
 */
export async function deliverDue(stack: FaultStack, workers: readonly Worker[], copies: number, rng: Prng, log: DeliveryLog): Promise<void> {
  for (let batchNo = 0; batchNo < 20; batchNo++) {
    const due = stack.queue.takeDue();
    if (due.length === 0) return;
    // Only well-formed requests are duplicated: a garbage message is tested once, through to the poison queue.
    const batch = due.flatMap((m) => [m, ...(typeof m.body === 'object' ? Array.from({ length: copies - 1 }, () => stack.queue.duplicate(m)) : [])]);
    await Promise.all(batch.map((m) => deliverOne(stack, rng.pick(workers), m, log)));
  }
}

async function deliverOne(stack: FaultStack, worker: Worker, message: QueuedMessage, log: DeliveryLog): Promise<void> {
  log.invocations++;
  const context = contextFor(stack, 'remediate', { dequeueCount: message.dequeueCount, id: String(message.id) });
  try {
    await remediateHandler(async () => worker.deps)(message.body, context);
  } catch (thrown) {
    const killed = thrown instanceof WorkerKilled;
    if (!killed && !(thrown instanceof TunnelwatchError && thrown.code !== 'INTERNAL')) {
      log.crashes.push(`remediate on ${worker.name} died of a bug: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
    }
    stack.logs.push(`error remediate ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    // A killed instance's message reappears after its visibility timeout; a failed invocation's after the host's.
    stack.queue.release(message, killed ? 10 * 60_000 : 30_000);
  }
}

/** Posts one alert through the exported webhook handler; a 5xx is a crash, every body is kept for the secret scan. */
export async function postAlert(stack: FaultStack, worker: Worker, body: unknown, log: DeliveryLog): Promise<number> {
  const request = new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/alerts', headers: { 'content-type': 'application/json' }, body: { string: JSON.stringify(body) } });
  const response = await alertsHandler(async () => worker.alert)(request, contextFor(stack, 'alerts'));
  const text = JSON.stringify(response.jsonBody ?? response.body ?? null);
  log.httpBodies.push(text);
  const status = response.status ?? 200;
  if (status >= 500 && status !== 503) log.crashes.push(`POST /api/alerts answered ${status}: ${text}`);
  return status;
}
