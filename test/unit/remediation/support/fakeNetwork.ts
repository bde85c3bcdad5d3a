import { TunnelwatchError } from '../../../../src/core/errors';
import type { LinkSnapshot } from '../../../../src/core/linkSnapshot';
import type { NetworkActions, OperationProgress } from '../../../../src/app/ports';

export type ResetEffect = 'recover' | 'no-effect' | 'fail' | 'busy' | 'throw';

/** NetworkActions over a map of links; counts resets per link so tests can prove exactly-once. */
export class FakeNetwork implements NetworkActions {
  readonly links = new Map<string, LinkSnapshot>();
  readonly resets = new Map<string, number>();
  readonly gatewayStates = new Map<string, string>();
  resetEffect: ResetEffect = 'recover';
  ikeSas: () => Promise<string> = () => Promise.resolve('1 SA; state Established? no');
  private readonly operations = new Map<string, { linkId: string }>();

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
    return Promise.resolve(this.links.get(linkId.toLowerCase()));
  }

  readGatewayLinks(gatewayId: string): Promise<readonly LinkSnapshot[]> {
    return Promise.resolve([...this.links.values()].filter((l) => l.gatewayId.toLowerCase() === gatewayId.toLowerCase()));
  }

  readGatewayProvisioningState(gatewayId: string): Promise<string | undefined> {
    return Promise.resolve(this.gatewayStates.get(gatewayId.toLowerCase()) ?? 'Succeeded');
  }

  getIkeSas(): Promise<string> {
    return this.ikeSas();
  }

  beginReset(linkId: string): Promise<{ readonly resumeToken: string }> {
    if (this.resetEffect === 'busy') {
      return Promise.reject(new TunnelwatchError('ARM.BUSY', 'RetryableErrorDueToAnotherOperation', true, { status: 429, retryAfterMs: 30_000 }));
    }
    if (this.resetEffect === 'throw') return Promise.reject(new TunnelwatchError('ARM.BAD_RESPONSE', 'reset refused', false));
    this.resets.set(linkId.toLowerCase(), (this.resets.get(linkId.toLowerCase()) ?? 0) + 1);
    const token = `op-${this.operations.size + 1}`;
    this.operations.set(token, { linkId });
    if (this.resetEffect === 'recover') {
      const link = this.links.get(linkId.toLowerCase());
      if (link) this.put({ ...link, status: 'Connected' });
    }
    return Promise.resolve({ resumeToken: token });
  }

  waitForOperation(resumeToken: string): Promise<OperationProgress> {
    if (!this.operations.has(resumeToken)) return Promise.resolve({ state: 'failed', code: 'NotFound', message: 'unknown operation' });
    if (this.resetEffect === 'fail') return Promise.resolve({ state: 'failed', code: 'InternalServerError', message: 'reset failed' });
    return Promise.resolve({ state: 'succeeded' });
  }
}
