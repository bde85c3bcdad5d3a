import type { ResetLedger } from '../../../src/app/remediation/remediationPorts';
import { budgetSlotHeldUntil } from '../../../src/core/remediation/resetBudget';

/**
 * Reset budget and gateway slots in memory. One process, but concurrent handlers interleave at every await: each
 * take checks and writes in one synchronous step, as atomic as the table ledger's ETag-conditional writes.
 */
export class InMemoryResetLedger implements ResetLedger {
  readonly budget: Array<{ owner: string; at: number }> = [];
  private readonly liveSlots = (now: Date): Array<{ owner: string; at: number }> => this.budget.filter((s) => budgetSlotHeldUntil(s.at) > now.getTime());
  private readonly gateways = new Map<string, { incidentId: string; until: number }>();
  readonly outages = new Set<string>();

  constructor(private readonly budgetPerHour: number) {}

  resetsInLastHour(now: Date): Promise<number> {
    return Promise.resolve(this.liveSlots(now).length);
  }

  gatewayHeldBy(gatewayId: string, now: Date): Promise<string | undefined> {
    return Promise.resolve(this.holderOf(gatewayId, now));
  }

  private holderOf(gatewayId: string, now: Date): string | undefined {
    const held = this.gateways.get(gatewayId.toLowerCase());
    return held && held.until > now.getTime() ? held.incidentId : undefined;
  }

  takeBudgetSlot(owner: string, now: Date): Promise<boolean> {
    if (this.liveSlots(now).length >= this.budgetPerHour) return Promise.resolve(false);
    this.budget.push({ owner, at: now.getTime() });
    return Promise.resolve(true);
  }

  dateBudgetSlot(owner: string, at: Date): Promise<boolean> {
    const slot = this.liveSlots(at).find((s) => s.owner === owner);
    if (slot) slot.at = at.getTime();
    return Promise.resolve(slot !== undefined);
  }

  releaseBudgetSlot(owner: string): Promise<void> {
    const i = this.budget.findIndex((s) => s.owner === owner);
    if (i >= 0) this.budget.splice(i, 1);
    return Promise.resolve();
  }

  takeGateway(gatewayId: string, incidentId: string, now: Date, leaseMs: number): Promise<boolean> {
    const holder = this.holderOf(gatewayId, now);
    if (holder !== undefined && holder !== incidentId) return Promise.resolve(false);
    this.gateways.set(gatewayId.toLowerCase(), { incidentId, until: now.getTime() + leaseMs });
    return Promise.resolve(true);
  }

  releaseGateway(gatewayId: string, incidentId: string): Promise<void> {
    if (this.gateways.get(gatewayId.toLowerCase())?.incidentId === incidentId) this.gateways.delete(gatewayId.toLowerCase());
    return Promise.resolve();
  }

  openOutage(gatewayId: string): Promise<boolean> {
    const key = gatewayId.toLowerCase();
    if (this.outages.has(key)) return Promise.resolve(false);
    this.outages.add(key);
    return Promise.resolve(true);
  }

  closeOutage(gatewayId: string): Promise<void> {
    this.outages.delete(gatewayId.toLowerCase());
    return Promise.resolve();
  }
}
