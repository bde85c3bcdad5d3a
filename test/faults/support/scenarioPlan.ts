import type { ArmOperationId } from '../../../src/adapters/arm/armOperations';
import type { FaultSpec } from '../../../src/simulator';
import { Prng } from './prng';

/** One ARM fault to inject for one round (a spec for the simulator, or a special action the driver performs). */
export type ArmFault =
  | { readonly name: string; readonly spec: FaultSpec }
  | { readonly name: 'never-ending-lro' }
  | { readonly name: 'gateway-deleted-mid-cycle' };

export interface RoundPlan {
  readonly faults: readonly ArmFault[];
  /** Two timer invocations (two instances) start the poll together. */
  readonly twoTimers: boolean;
  /** Each due message is delivered this many times at once, to different workers. */
  readonly copies: number;
  /** The webhook for a stuck link's gateway is delivered this many times (Azure Monitor retries). */
  readonly webhookReplays: number;
  readonly killWorker: boolean;
  readonly poisonMessage: boolean;
}

export interface ScenarioPlan {
  readonly seed: number;
  readonly stuckLinks: number;
  readonly rounds: readonly RoundPlan[];
}

/** Operations a fault can hit: discovery, per-gateway lists, remediation's fresh reads, the reset and its LRO polls. */
const OPERATIONS: ReadonlyArray<ArmOperationId | undefined> = [
  undefined,
  'VpnGateways_List',
  'VpnConnections_ListByVpnGateway',
  'VpnConnections_ListByVpnGateway',
  'VpnSiteLinkConnections_Get',
  'VpnGateways_Get',
  'VpnLinkConnections_ResetConnection',
  'VpnLinkConnections_GetIkeSas',
  'Network_Locations_OperationResults',
  'Network_Locations_Operations',
];

function armFaults(rng: Prng): ArmFault[] {
  const on = (): { operation?: ArmOperationId } => {
    const operation = OPERATIONS[rng.int(0, OPERATIONS.length - 1)];
    return operation === undefined ? {} : { operation };
  };
  return [
    { name: '429 with Retry-After', spec: { kind: '429', rate: 0.3, count: rng.int(2, 6), ...on() } },
    { name: '429 on reads without Retry-After', spec: { kind: '429-no-retry-after', operation: 'VpnConnections_ListByVpnGateway', count: rng.int(1, 3) } },
    { name: '500 burst', spec: { kind: '500', count: rng.int(2, 5), ...on() } },
    { name: '503 burst', spec: { kind: '503', count: rng.int(2, 5), ...on() } },
    { name: 'slow response past the client timeout', spec: { kind: 'latency', ms: 1200, count: rng.int(1, 2), ...on() } },
    { name: 'dropped connections', spec: { kind: 'drop', count: rng.int(1, 3), ...on() } },
    { name: 'reset LRO fails', spec: { kind: 'reset-fails', count: 1 } },
    { name: 'reset has no effect', spec: { kind: 'reset-no-effect', count: 1 } },
    // Lists carry no connectionStatus (the simulator's default, as ARM's examples), so every link's status comes from
    // a per-link GET: those fail for a while. (The omit-status fault only matters with statusInLists.)
    { name: 'per-link status GETs fail', spec: { kind: '503', operation: 'VpnSiteLinkConnections_Get', count: 4 } },
    // Huawei Cloud: its list, its reset (no answer: Huawei may have reset), its API gateway's throttling and busy answers.
    { name: 'Huawei list 503', spec: { kind: '503', operation: 'ListVpnConnections', count: rng.int(1, 3) } },
    { name: 'Huawei reset dropped', spec: { kind: 'drop', operation: 'ResetVpnConnection', count: 1 } },
    { name: 'Huawei reads 429', spec: { kind: '429', operation: 'ShowVpnConnection', count: rng.int(1, 3) } },
    // Huawei's busy answers: 400 VPN.0031 on the reset (retried after a back-off, the attempt not counted), 400 VPN.0030 on a list.
    { name: 'Huawei reset busy', spec: { kind: 'busy', operation: 'ResetVpnConnection', count: rng.int(1, 2) } },
    { name: 'Huawei list busy', spec: { kind: 'busy', operation: 'ListVpnConnections', count: 1 } },
    { name: 'never-ending-lro' },
    { name: 'gateway-deleted-mid-cycle' },
  ];
}

/**
 * A seeded scenario: `rounds` one-minute rounds of faults and delivery chaos, then the faults stop. Every kind of
 * fault appears in some seed of the CI list; the seed alone reproduces the plan (the timing of real-time faults
 * such as timeouts can still vary a little, which is the point of running them).
 */
export function planScenario(seed: number, rounds = 10): ScenarioPlan {
  const rng = new Prng(seed);
  const deletable = seed % 3 === 0;
  const plans: RoundPlan[] = [];
  for (let i = 0; i < rounds; i++) {
    const menu = armFaults(rng).filter((f) => f.name !== 'gateway-deleted-mid-cycle' || (deletable && i === 2));
    plans.push({
      faults: rng.shuffle(menu).slice(0, rng.int(1, 3)),
      twoTimers: rng.chance(0.4),
      copies: rng.int(1, 3),
      webhookReplays: rng.chance(0.3) ? rng.int(2, 6) : 0,
      killWorker: rng.chance(0.25),
      poisonMessage: i === 1,
    });
  }
  return { seed, stuckLinks: rng.int(2, 3), rounds: plans };
}
