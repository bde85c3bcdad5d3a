import { ARM_OPERATIONS, type ArmOperationId } from '../adapters/arm/armOperations';
import { FAULT_KINDS, type FaultKind, type FaultSpec } from './FaultBook';
import { METRICS_OPERATION, type MetricsOperationId } from './monitor/metricsOperation';
import { HUAWEI_STATUSES, type HuaweiStatus } from './huawei/huaweiModel';
import { HUAWEI_OPERATIONS, type HuaweiOperationId } from './huawei/huaweiRoutes';
import { SimulatorInputError } from './SimulatorInputError';
import { LINK_STATUSES, SCENARIOS, TRAFFIC, type LinkStatus, type Scenario, type Traffic } from './tunnelState';

/** Validation of control-API input, shared by the HTTP routes and the in-process handle. */
export interface LinkStateInput {
  readonly id: string;
  /** A Huawei connection also takes Huawei's words (ACTIVE, DOWN, ERROR, FREEZED, PENDING_*). */
  readonly status?: LinkStatus | HuaweiStatus;
  readonly scenario?: Scenario;
  readonly seconds?: number;
  /** Addition: `idle` keeps the link's counters still while it stays Connected; `busy` (the default) lets them grow. */
  readonly traffic?: Traffic;
  /** Addition: set the byte counters (number or decimal string; may exceed 2^53). */
  readonly ingressBytes?: bigint | number | string;
  readonly egressBytes?: bigint | number | string;
  /** Huawei connections only: `ha_role` (master: active, slave: standby on an active-standby gateway). */
  readonly haRole?: 'master' | 'slave';
}

export interface GatewayStateInput {
  readonly id: string;
  readonly status: 'Connected' | 'NotConnected';
}

type Input = Record<string, unknown>;

function asObject(value: unknown): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SimulatorInputError('body must be a JSON object');
  return value as Input;
}

function requiredString(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) throw new SimulatorInputError(`'${field}' must be a non-empty string`);
  return value;
}

function optionalNumber(input: Input, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SimulatorInputError(`'${field}' must be a number in ${min}..${max}`);
  }
  return value;
}

function oneOf<T extends string>(input: Input, field: string, allowed: readonly T[]): T | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new SimulatorInputError(`'${field}' must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function parseCounter(value: unknown, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'bigint' ? value.toString() : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text) || BigInt(text) > 9223372036854775807n) {
    throw new SimulatorInputError(`'${field}' must be a non-negative int64 (number or decimal string)`);
  }
  return BigInt(text);
}

export function parseLinkStateInput(body: unknown): LinkStateInput & { ingress?: bigint; egress?: bigint } {
  const input = asObject(body);
  const id = requiredString(input, 'id');
  const status = oneOf<LinkStatus | HuaweiStatus>(input, 'status', [...LINK_STATUSES, ...HUAWEI_STATUSES]);
  const scenario = oneOf(input, 'scenario', SCENARIOS);
  const seconds = optionalNumber(input, 'seconds', 0, 86_400 * 365);
  const traffic = oneOf(input, 'traffic', TRAFFIC);
  const ingress = parseCounter(input.ingressBytes, 'ingressBytes');
  const egress = parseCounter(input.egressBytes, 'egressBytes');
  const haRole = oneOf(input, 'haRole', ['master', 'slave'] as const);
  if ((scenario === 'recover-after' || scenario === 'flap') && !(seconds !== undefined && seconds > 0)) {
    throw new SimulatorInputError(`scenario '${scenario}' needs 'seconds' > 0`);
  }
  if (status === undefined && scenario === undefined && traffic === undefined && ingress === undefined && egress === undefined && haRole === undefined) {
    throw new SimulatorInputError("give at least one of 'status', 'scenario', 'traffic', 'ingressBytes', 'egressBytes', 'haRole'");
  }
  return { id, status, scenario, seconds, traffic, ingress, egress, ...(haRole !== undefined && { haRole }) };
}

export function parseFaultInput(body: unknown): FaultSpec {
  const input = asObject(body);
  const kind = oneOf<FaultKind>(input, 'kind', FAULT_KINDS);
  if (kind === undefined) throw new SimulatorInputError(`'kind' is required: one of ${FAULT_KINDS.join(', ')}`);
  const operations = [...Object.keys(ARM_OPERATIONS), ...Object.keys(HUAWEI_OPERATIONS), METRICS_OPERATION] as Array<ArmOperationId | HuaweiOperationId | MetricsOperationId>;
  const operation = oneOf(input, 'operation', operations);
  const id = input.id === undefined ? undefined : requiredString(input, 'id');
  const rate = optionalNumber(input, 'rate', 0, 1);
  const count = optionalNumber(input, 'count', 1, Number.MAX_SAFE_INTEGER);
  const ms = optionalNumber(input, 'ms', 0, 600_000);
  if (count !== undefined && !Number.isInteger(count)) throw new SimulatorInputError("'count' must be an integer");
  if (kind === 'latency' && ms === undefined) throw new SimulatorInputError("kind 'latency' needs 'ms'");
  return { kind, operation, id, rate, count, ms };
}

export function parseGatewayStateInput(body: unknown): GatewayStateInput {
  const input = asObject(body);
  const id = requiredString(input, 'id');
  const status = oneOf(input, 'status', ['Connected', 'NotConnected'] as const);
  if (status === undefined) throw new SimulatorInputError("'status' is required: Connected or NotConnected");
  return { id, status };
}

export function parseTagsInput(body: unknown): { id: string; tags: Record<string, string> } {
  const input = asObject(body);
  const id = requiredString(input, 'id');
  const tags = asObject(input.tags);
  for (const [name, value] of Object.entries(tags)) {
    if (typeof value !== 'string') throw new SimulatorInputError(`tag '${name}' must be a string`);
  }
  return { id, tags: tags as Record<string, string> };
}
