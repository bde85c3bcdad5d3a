import type { RequestGate } from '../../../src/app/remediation/remediationPorts';
import { gateHolder, gateStatus, REQUEST_GATE_TTL_MS, type GateHolder } from '../../../src/core/remediation/requestGatePolicy';

/** The per-link request gate in memory (same rules as the table one: first taker wins, expired holders are taken over). */
export class InMemoryRequestGate implements RequestGate {
  readonly holders = new Map<string, GateHolder>();

  constructor(private readonly ttlMs = REQUEST_GATE_TTL_MS) {}

  enter(linkKey: string, requestId: string, now: Date): Promise<boolean> {
    const status = gateStatus(this.holders.get(linkKey), requestId, now);
    if (status === 'free') this.holders.set(linkKey, gateHolder(requestId, now, this.ttlMs));
    return Promise.resolve(status !== 'taken');
  }

  release(linkKey: string, requestId: string): Promise<void> {
    if (this.holders.get(linkKey)?.requestId === requestId) this.holders.delete(linkKey);
    return Promise.resolve();
  }
}
