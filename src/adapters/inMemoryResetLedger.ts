import type { ResetLedger } from '../app/remediation/remediationPorts';

const HOUR = 3_600_000;

/** Reset budget and gateway slots in memory (single process: no races to guard against). */
export class InMemoryResetLedger implements ResetLedger {
  readonly budget: Array<{ owner: string; at: number }> = [];
  private readonly gateways = new Map<string, { incidentId: string; until: number }>();
  readonly outages = new Set<string>();

  constructor(private readonly budgetPerHour: number) {}

  resetsInLastHour(now: Date): Promise<number> {
    return Promise.resolve(this.budget.filter((s) => s.at > now.getTime() - HOUR).length);
  }

  gatewayHeldBy(gatewayId: string, now: Date): Promise<string | undefined> {
    const held = this.gateways.get(gatewayId.toLowerCase());
    return Promise.resolve(held && held.until > now.getTime() ? held.incidentId : undefined);
  }

  async takeBudgetSlot(owner: string, now: Date): Promise<boolean> {
    if ((await this.resetsInLastHour(now)) >= this.budgetPerHour) return false;
    this.budget.push({ owner, at: now.getTime() });
    return true;
  }

  releaseBudgetSlot(owner: string): Promise<void> {
    const i = this.budget.findIndex((s) => s.owner === owner);
    if (i >= 0) this.budget.splice(i, 1);
    return Promise.resolve();
  }

  async takeGateway(gatewayId: string, incidentId: string, now: Date, leaseMs: number): Promise<boolean> {
    const holder = await this.gatewayHeldBy(gatewayId, now);
    if (holder !== undefined && holder !== incidentId) return false;
    this.gateways.set(gatewayId.toLowerCase(), { incidentId, until: now.getTime() + leaseMs });
    return true;
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
