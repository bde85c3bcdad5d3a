import type { RemediationQueue } from '../../../src/app/ports';
import type { RemediationRequest } from '../../../src/core/remediation/remediationRequest';

export interface QueuedMessage {
  readonly id: number;
  /** What the host hands the function: the decoded JSON (or raw text for a message that is not JSON). */
  readonly body: unknown;
  dueMs: number;
  dequeueCount: number;
}

/**
 * The remediation queue with the storage queue's delivery semantics (at-least-once, visibility delay, dequeue
 * count, poison queue after maxDequeueCount) on virtual time: Azurite's visibility timeouts are real time, and a
 * 30 minute back-off must not take 30 minutes. Every message ever sent is kept for the secret scan.
 */
export class VirtualQueue implements RemediationQueue {
  private nextId = 1;
  private pending: QueuedMessage[] = [];
  readonly poison: QueuedMessage[] = [];
  readonly everSent: unknown[] = [];

  constructor(
    private readonly nowMs: () => number,
    readonly maxDequeueCount = 5,
  ) {}

  send(request: RemediationRequest, options: { readonly visibilityDelayMs?: number } = {}): Promise<void> {
    this.put(structuredClone(request), options.visibilityDelayMs ?? 0);
    return Promise.resolve();
  }

  put(body: unknown, delayMs = 0): void {
    this.everSent.push(body);
    this.pending.push({ id: this.nextId++, body, dueMs: this.nowMs() + delayMs, dequeueCount: 0 });
  }

  /** Removes and returns the messages due now (each one's dequeueCount goes up, as on receive). */
  takeDue(): QueuedMessage[] {
    const now = this.nowMs();
    const due = this.pending.filter((m) => m.dueMs <= now).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id);
    this.pending = this.pending.filter((m) => m.dueMs > now);
    for (const m of due) m.dequeueCount += 1;
    return due;
  }

  /** A failed invocation: visible again after `delayMs`, or to the poison queue once it reached maxDequeueCount. */
  release(message: QueuedMessage, delayMs: number): void {
    if (message.dequeueCount >= this.maxDequeueCount) this.poison.push(message);
    else this.pending.push({ ...message, dueMs: this.nowMs() + delayMs });
  }

  /** A duplicate delivery of a message (the queue is at-least-once): a message of its own, already received. */
  duplicate(message: QueuedMessage): QueuedMessage {
    this.everSent.push(message.body);
    return { id: this.nextId++, body: structuredClone(message.body), dueMs: message.dueMs, dequeueCount: 1 };
  }

  nextDueMs(): number | undefined {
    return this.pending.length === 0 ? undefined : Math.min(...this.pending.map((m) => m.dueMs));
  }

  get size(): number {
    return this.pending.length;
  }
}
