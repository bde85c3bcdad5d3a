import { randomUUID } from 'node:crypto';
import type { ArmOperationId } from '../../adapters/arm/armOperations';

export interface SimOperation {
  readonly id: string;
  readonly operation: ArmOperationId;
  readonly subscriptionId: string;
  /** Region segment of the polling URLs, e.g. `westus`. */
  readonly region: string;
  /** The resource the operation was started on (RBAC: its status URLs need a grant at its resource group or above). */
  readonly resourceId: string;
  readonly startedAt: number;
  readonly doneAt: number;
  /** Final result body (GetIkeSas) or undefined (reset: no content). */
  readonly result?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

const MAX_OPERATIONS = 20_000;

/** Long-running operations in flight or finished; the oldest are forgotten past a bound. */
export class OperationBook {
  private readonly operations = new Map<string, SimOperation>();

  start(spec: Omit<SimOperation, 'id'>): SimOperation {
    const operation = { ...spec, id: randomUUID() };
    this.operations.set(operation.id, operation);
    if (this.operations.size > MAX_OPERATIONS) {
      const oldest = this.operations.keys().next().value;
      if (oldest !== undefined) this.operations.delete(oldest);
    }
    return operation;
  }

  get(id: string): SimOperation | undefined {
    return this.operations.get(id.toLowerCase());
  }
}

export function regionOf(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
