import type { RbacAssignment } from './RbacBook';
import { SimulatorInputError } from '../SimulatorInputError';

const MAX_ASSIGNMENTS = 1000;

function stringList(value: unknown, where: string, required: boolean): string[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0)) {
    throw new SimulatorInputError(`${where} must be an array of non-empty strings`);
  }
  return value as string[];
}

/** `PUT /_sim/rbac` body: `{ assignments: [{ scope: "/subscriptions/…", actions: ["*" | "<action>"…], notActions? }] }`. */
export function parseRbacInput(body: unknown): RbacAssignment[] {
  const assignments = (body as { assignments?: unknown } | null | undefined)?.assignments;
  if (typeof body !== 'object' || body === null || !Array.isArray(assignments))
    throw new SimulatorInputError('body must be { assignments: [...] }');
  if (assignments.length > MAX_ASSIGNMENTS)
    throw new SimulatorInputError(`at most ${MAX_ASSIGNMENTS} assignments`);
  return assignments.map((raw: unknown, i) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const scope = item.scope;
    if (typeof scope !== 'string' || !/^\/subscriptions\/[^/]+/i.test(scope)) {
      throw new SimulatorInputError(
        `assignments[${i}].scope must be an ARM id starting with /subscriptions/{id}`,
      );
    }
    const actions = stringList(item.actions, `assignments[${i}].actions`, true)!;
    const notActions = stringList(item.notActions, `assignments[${i}].notActions`, false);
    return { scope, actions, ...(notActions && { notActions }) };
  });
}
