import type { AlertDedup } from '../app/remediation/remediationPorts';

/** Webhook dedup in memory: the first claim of a key wins until its enqueue is marked or it goes stale. */
export class InMemoryAlertDedup implements AlertDedup {
  private readonly keys = new Map<string, { at: number; enqueued: boolean }>();

  constructor(private readonly staleMs = 30_000) {}

  claim(key: string, now: Date): Promise<'first' | 'duplicate'> {
    const seen = this.keys.get(key);
    if (seen && (seen.enqueued || now.getTime() - seen.at < this.staleMs)) return Promise.resolve('duplicate');
    this.keys.set(key, { at: now.getTime(), enqueued: false });
    return Promise.resolve('first');
  }

  markEnqueued(key: string): Promise<void> {
    const seen = this.keys.get(key);
    if (seen) seen.enqueued = true;
    return Promise.resolve();
  }
}
