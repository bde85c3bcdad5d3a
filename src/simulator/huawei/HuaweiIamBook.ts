import { SimulatorInputError } from '../SimulatorInputError';
import { HUAWEI_OPERATIONS, type HuaweiOperationId } from './huaweiRoutes';

/**
 * The simulated AK/SK user's IAM policy, as far as tunnelwatch's calls go: every action allowed by default; actions
 * withheld through `PUT /_sim/huawei/iam` are answered 403 `VPN.0003` as Huawei answers a call the policy does not allow.
 */
export class HuaweiIamBook {
  private withheld = new Set<string>();

  /** Replaces the withheld set; every action must be one of the simulated operations' actions. */
  withhold(actions: readonly string[]): void {
    const known = new Set<string>(Object.values(HUAWEI_OPERATIONS).map((operation) => operation.action));
    const unknown = actions.filter((action) => !known.has(action));
    if (unknown.length > 0) throw new SimulatorInputError(`unknown Huawei action(s) ${unknown.join(', ')}: one of ${[...known].join(', ')}`);
    this.withheld = new Set(actions);
  }

  clear(): void {
    this.withheld.clear();
  }

  /** The action of an operation, when the policy withholds it. */
  deniedAction(operation: HuaweiOperationId): string | undefined {
    const { action } = HUAWEI_OPERATIONS[operation];
    return this.withheld.has(action) ? action : undefined;
  }

  list(): string[] {
    return [...this.withheld];
  }
}

/** `PUT /_sim/huawei/iam` body: `{ "withhold": ["vpn:vpnGateways:list", …] }`. */
export function parseHuaweiIamInput(body: unknown): string[] {
  const withhold = typeof body === 'object' && body !== null ? (body as { withhold?: unknown }).withhold : undefined;
  if (!Array.isArray(withhold) || withhold.some((action) => typeof action !== 'string') || withhold.length > 32) {
    throw new SimulatorInputError("'withhold' is required: a list of Huawei IAM actions (at most 32), e.g. [\"vpn:vpnGateways:list\"]");
  }
  return withhold as string[];
}
