import type { ArmOperationId } from '../adapters/arm/armOperations';
import type { HuaweiOperationId } from './huawei/huaweiRoutes';
import type { MetricsOperationId } from './monitor/metricsOperation';
import { normalizeSimId } from './arm/normalizeSimId';
import type { Prng } from './prng';

/**
 * `429-no-retry-after` is a throttle without the header (some proxies and RPs answer so); `busy` is Huawei's
 * 400 VPN.0030 / VPN.0031 (Huawei paths only); `529` is Azure Monitor's throttle of the metrics batch API; all
 * additions to the contract.
 */
export const FAULT_KINDS = ['latency', '429', '429-no-retry-after', '500', '503', 'drop', 'reset-fails', 'reset-no-effect', 'omit-status', 'busy', '529'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Only requests of this operation (an ARM operation or a Huawei one, e.g. ResetVpnConnection); all operations when absent. */
  readonly operation?: ArmOperationId | HuaweiOperationId | MetricsOperationId;
  /** Only requests about this resource (the link / connection / gateway id in the URL); addition to the contract. */
  readonly id?: string;
  /** Probability (0..1) that a matching request is hit; default 1. */
  readonly rate?: number;
  /** Hit at most this many requests, then the fault is spent; unlimited when absent. */
  readonly count?: number;
  /** For `latency`: delay in milliseconds. */
  readonly ms?: number;
}

interface ActiveFault extends FaultSpec {
  readonly idLower?: string;
  remaining: number;
}

export interface FaultTarget {
  readonly operation: ArmOperationId | HuaweiOperationId | MetricsOperationId;
  /** Lower-cased canonical id of the resource the request is about, if any. */
  readonly resourceId?: string;
  /** Only faults that name this operation explicitly (e.g. `reset-fails` on GetIkeSas). */
  readonly explicitOnly?: boolean;
}

/** Injected faults; rates draw from a seeded PRNG so a faulty run can be replayed. */
export class FaultBook {
  private faults: ActiveFault[] = [];

  constructor(private readonly prng: Prng) {}

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, idLower: spec.id === undefined ? undefined : normalizeSimId(spec.id), remaining: spec.count ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map(({ idLower: _id, remaining, ...spec }) => ({ ...spec, ...(Number.isFinite(remaining) ? { count: remaining } : {}) }));
  }

  /** The faults of these kinds that fire for this request (each firing consumes one of its `count`). */
  fire(target: FaultTarget, kinds: readonly FaultKind[], limit = Number.POSITIVE_INFINITY): ActiveFault[] {
    const fired: ActiveFault[] = [];
    for (const fault of this.faults) {
      if (fired.length >= limit) break;
      if (!kinds.includes(fault.kind) || !matches(fault, target) || fault.remaining <= 0) continue;
      if ((fault.rate ?? 1) < 1 && this.prng.next() >= (fault.rate ?? 1)) continue;
      fault.remaining -= 1;
      fired.push(fault);
    }
    if (fired.some((fault) => fault.remaining <= 0)) this.faults = this.faults.filter((fault) => fault.remaining > 0);
    return fired;
  }

  firstFiring(target: FaultTarget, kinds: readonly FaultKind[]): FaultKind | undefined {
    return this.fire(target, kinds, 1)[0]?.kind;
  }
}

function matches(fault: ActiveFault, target: FaultTarget): boolean {
  if (fault.operation === undefined ? target.explicitOnly === true : fault.operation !== target.operation) return false;
  return fault.idLower === undefined || fault.idLower === target.resourceId;
}
