import { TunnelwatchError } from '../../../src/core/errors';
import type { BatchAction, Entity, RoundTripCounter, StoredEntity, TableHandle } from '../../../src/adapters/storage/tableClients';

/**
 * A TableHandle in memory for unit tests: same ETag semantics (412/409 → STORAGE.CONFLICT), all-or-nothing
 * batches and the filter subset the stores use (`Prop op 'value'` joined by `and`), with round trips counted.
 */
export function createInMemoryTable(name = 'memory', counter: RoundTripCounter = { count: 0 }): TableHandle & { rows(): StoredEntity[] } {
  const rows = new Map<string, StoredEntity>();
  let version = 0;
  const id = (pk: string, rk: string): string => `${pk}\u0000${rk}`;
  const conflict = (what: string): TunnelwatchError => new TunnelwatchError('STORAGE.CONFLICT', `${what} ${name}`, false, { status: 412 });
  const write = (entity: Entity): string => {
    const etag = `W/"${++version}"`;
    rows.set(id(entity.partitionKey, entity.rowKey), { ...entity, etag });
    return etag;
  };
  const check = (action: BatchAction, staged: Map<string, StoredEntity | undefined>): void => {
    const [kind, entity] = action;
    const key = id(entity.partitionKey, entity.rowKey);
    const current = staged.has(key) ? staged.get(key) : rows.get(key);
    if (kind === 'create' && current) throw conflict('create');
    const etag = action.length > 3 ? action[3]?.etag : undefined;
    if (kind === 'update' && (!current || (etag !== undefined && etag !== '*' && etag !== current.etag))) throw conflict('update');
    staged.set(key, kind === 'delete' ? undefined : { ...entity, etag: '' });
  };
  return {
    name,
    rows: () => [...rows.values()],
    ensureExists: async () => {
      counter.count++;
    },
    get: async (pk, rk) => {
      counter.count++;
      const row = rows.get(id(pk, rk));
      return row && { ...row };
    },
    pages: (filter) => ({
      [Symbol.asyncIterator]: async function* () {
        counter.count++;
        const match = compileFilter(filter);
        yield [...rows.values()].filter(match).sort((a, b) => (id(a.partitionKey, a.rowKey) < id(b.partitionKey, b.rowKey) ? -1 : 1)).map((r) => ({ ...r }));
      },
    }),
    batch: async (actions) => {
      counter.count++;
      const pks = new Set(actions.map(([, e]) => e.partitionKey));
      if (actions.length > 100 || pks.size > 1) throw new TunnelwatchError('STORAGE.FAILED', 'batch must be ≤100 entities of one partition');
      const staged = new Map<string, StoredEntity | undefined>();
      for (const action of actions) check(action, staged);
      const etags = new Map<string, string>();
      for (const [kind, entity] of actions) {
        if (kind === 'delete') rows.delete(id(entity.partitionKey, entity.rowKey));
        else etags.set(entity.rowKey, write(entity));
      }
      return etags;
    },
    create: async (entity) => {
      counter.count++;
      if (rows.has(id(entity.partitionKey, entity.rowKey))) throw conflict('create');
      return write(entity);
    },
    update: async (entity, etag) => {
      counter.count++;
      const current = rows.get(id(entity.partitionKey, entity.rowKey));
      if (!current || (etag !== '*' && current.etag !== etag)) throw conflict('update');
      return write(entity);
    },
    upsert: async (entity) => {
      counter.count++;
      write(entity);
    },
    delete: async (pk, rk) => {
      counter.count++;
      rows.delete(id(pk, rk));
    },
  };
}

function compileFilter(filter: string): (row: StoredEntity) => boolean {
  const clauses = filter.split(/\s+and\s+/).map((clause) => {
    const m = /^\s*(\w+)\s+(eq|ne|lt|le|gt|ge)\s+'((?:[^']|'')*)'\s*$/.exec(clause);
    if (!m) throw new TunnelwatchError('STORAGE.FAILED', `in-memory table cannot evaluate '${clause}'`);
    // The wire names PartitionKey/RowKey are partitionKey/rowKey on SDK entities.
    const prop = m[1] === 'PartitionKey' ? 'partitionKey' : m[1] === 'RowKey' ? 'rowKey' : m[1]!;
    return { prop, op: m[2]!, value: m[3]!.replace(/''/g, "'") };
  });
  return (row) =>
    clauses.every(({ prop, op, value }) => {
      const raw = row[prop];
      const v = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '';
      return op === 'eq' ? v === value : op === 'ne' ? v !== value : op === 'lt' ? v < value : op === 'le' ? v <= value : op === 'gt' ? v > value : v >= value;
    });
}
