import type { RoundTripCounter, StoredEntity, TableCatalog, TableHandle } from '../../../src/adapters/storage/tableClients';
import { createInMemoryTable } from './inMemoryTable';

/**
 * The account's tables in memory (unit tests): a table exists once created (ensureExists) and is listed from then
 * until dropped; dropping it discards its rows. Round trips are counted like the real catalog's.
 */
export function createInMemoryTableCatalog(counter: RoundTripCounter = { count: 0 }): TableCatalog & { tables(): ReadonlyMap<string, StoredEntity[]> } {
  const tables = new Map<string, TableHandle & { rows(): StoredEntity[] }>();
  const existing = new Set<string>();
  const table = (name: string): TableHandle & { rows(): StoredEntity[] } => {
    let found = tables.get(name);
    if (!found) tables.set(name, (found = createInMemoryTable(name, counter)));
    return found;
  };
  return {
    open: (name) => {
      // Every call goes to the catalog's current table of that name, so a dropped table's old handle reads empty.
      const current = (): TableHandle => table(name);
      return {
        name,
        ensureExists: async () => {
          existing.add(name);
          await current().ensureExists();
        },
        get: (pk, rk) => current().get(pk, rk),
        pages: (filter, options) => current().pages(filter, options),
        batch: (actions) => current().batch(actions),
        create: (entity) => current().create(entity),
        update: (entity, etag) => current().update(entity, etag),
        upsert: (entity) => current().upsert(entity),
        delete: (pk, rk) => current().delete(pk, rk),
      };
    },
    list: async (prefix) => {
      counter.count++;
      return [...existing].filter((name) => name.startsWith(prefix)).sort();
    },
    drop: async (name) => {
      counter.count++;
      existing.delete(name);
      tables.delete(name);
    },
    tables: () => new Map([...tables].filter(([name]) => existing.has(name)).map(([name, t]) => [name, t.rows()])),
  };
}
