import { ALERT_CLAIM_STALE_MS, type AlertDedup } from '../../../src/app/remediation/remediationPorts';

/** Webhook dedup in memory: the first claim of a key wins until its enqueue is marked, released or goes stale. */
export class InMemoryAlertDedup implements AlertDedup {
  private readonly keys = new Map<string, { at: number; enqueued: boolean }>();

  constructor(private readonly staleMs = ALERT_CLAIM_STALE_MS) {}

  claim(key: string, now: Date): Promise<'first' | 'duplicate' | 'in-flight'> {
    const seen = this.keys.get(key);
    if (seen?.enqueued) return Promise.resolve('duplicate');
    if (seen && now.getTime() - seen.at < this.staleMs) return Promise.resolve('in-flight');
    this.keys.set(key, { at: now.getTime(), enqueued: false });
    return Promise.resolve('first');
  }

  markEnqueued(key: string): Promise<void> {
    const seen = this.keys.get(key);
    if (seen) seen.enqueued = true;
    return Promise.resolve();
  }

  release(key: string): Promise<void> {
    if (this.keys.get(key)?.enqueued === false) this.keys.delete(key);
    return Promise.resolve();
  }
}
