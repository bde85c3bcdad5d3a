import type { LinkSnapshot } from '../../../../src/core/snapshot/linkSnapshot';
import type { ActionStart, IkeSasEvidence, NetworkActions, OperationProgress } from '../../../../src/app/ports';

/**
 * recover / no-effect: ARM accepts, the operation succeeds, the link comes back or stays down; fail: ARM accepts
 * and the operation ends Failed; busy: ARM refuses the POST with 429 RetryableErrorDueToAnotherOperation;
 * refuse: ARM refuses the POST with 403; post-lost: the POST reached ARM (accepted) but its answer was lost;
 * status-unreadable: ARM accepts and every status read fails (throttled).
 */
export type ResetEffect =
  'recover' | 'no-effect' | 'fail' | 'busy' | 'refuse' | 'post-lost' | 'status-unreadable';

/** NetworkActions over a map of links; counts resets per link so tests can prove exactly-once. */
export class FakeNetwork implements NetworkActions {
  readonly links = new Map<string, LinkSnapshot>();
  readonly resets = new Map<string, number>();
  readonly gatewayStates = new Map<string, string>();
  resetEffect: ResetEffect = 'recover';
  ikeSas: () => Promise<IkeSasEvidence> = () => Promise.resolve({ outcome: 'collected', summary: '{"status":"Successful","data":[]}' });
  private readonly operations = new Map<string, { linkId: string }>();
  /** Every operation token tracked (a resumed attempt tracks, it never POSTs). */
  readonly tracked: string[] = [];
  /** ARM calls by method, so a test can prove a decision touched ARM or not. */
  readonly calls = new Map<string, number>();

  private count(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  /** Every ARM call made so far (reads, evidence, resets, tracking). */
  armCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  constructor(links: readonly LinkSnapshot[] = []) {
    for (const l of links) this.put(l);
  }

  put(link: LinkSnapshot): void {
    this.links.set(link.id.toLowerCase(), link);
  }

  totalResets(): number {
    return [...this.resets.values()].reduce((a, b) => a + b, 0);
  }

  readLink(linkId: string): Promise<LinkSnapshot | undefined> {
    this.count('readLink');
    return Promise.resolve(this.links.get(linkId.toLowerCase()));
  }

  readGatewayLinks(gatewayId: string): Promise<readonly LinkSnapshot[]> {
    this.count('readGatewayLinks');
    return Promise.resolve([...this.links.values()].filter((l) => l.gatewayId.toLowerCase() === gatewayId.toLowerCase()));
  }

  readGatewayProvisioningState(gatewayId: string): Promise<string | undefined> {
    this.count('readGatewayProvisioningState');
    return Promise.resolve(this.gatewayStates.get(gatewayId.toLowerCase()) ?? 'Succeeded');
  }

  getIkeSas(): Promise<IkeSasEvidence> {
    this.count('getIkeSas');
    return this.ikeSas();
  }

  startReset(linkId: string): Promise<ActionStart> {
    this.count('startReset');
    if (this.resetEffect === 'busy') {
      return Promise.resolve({
        outcome: 'refused',
        code: 'ARM.BUSY',
        message: 'RetryableErrorDueToAnotherOperation',
        busy: true,
        retryAfterMs: 30_000,
      });
    }
    if (this.resetEffect === 'refuse')
      return Promise.resolve({
        outcome: 'refused',
        code: 'ARM.FORBIDDEN',
        message: 'AuthorizationFailed',
        busy: false,
      });
    this.resets.set(linkId.toLowerCase(), (this.resets.get(linkId.toLowerCase()) ?? 0) + 1);
    const token = `op-${this.operations.size + 1}`;
    this.operations.set(token, { linkId });
    if (this.resetEffect === 'recover') {
      const link = this.links.get(linkId.toLowerCase());
      if (link) this.put({ ...link, status: 'Connected' });
    }
    if (this.resetEffect === 'post-lost')
      return Promise.resolve({ outcome: 'unknown', code: 'ARM.TIMEOUT', message: 'socket hang up' });
    return Promise.resolve({ outcome: 'accepted', operationToken: token, done: false });
  }

  trackReset(operationToken: string): Promise<OperationProgress> {
    this.count('trackReset');
    this.tracked.push(operationToken);
    if (!this.operations.has(operationToken))
      return Promise.resolve({ state: 'unknown', code: 'ARM.NOT_FOUND', message: 'unknown operation' });
    if (this.resetEffect === 'fail')
      return Promise.resolve({ state: 'failed', code: 'InternalServerError', message: 'reset failed' });
    if (this.resetEffect === 'status-unreadable')
      return Promise.resolve({ state: 'unknown', code: 'ARM.THROTTLED', message: '429 TooManyRequests' });
    return Promise.resolve({ state: 'succeeded' });
  }
}
