import { expiredSlices, sliceAt, slicesCovering, type Slice, type SliceScheme } from '../../core/retention/timeSlices';
import type { TableCatalog, TableHandle } from './tableClients';

/**
 * One kind of time-sliced rows (snapshots, transitions, rollups, poll runs) over the account's tables: a slice is
 * created by its first write (once per process; a concurrent creator's TableAlreadyExists is fine), read as empty
 * while it does not exist, and expired with one DeleteTable.
 */
export interface SlicedTable {
  readonly scheme: SliceScheme;
  /** The slice holding `ms`, for reading: a slice never written reads as empty (no error, nothing created). */
  at(ms: number): TableHandle;
  /** The slice holding `ms`, for writing: created on first use. */
  forWrite(ms: number): Promise<TableHandle>;
  /** The slices a window touches, in the order asked (missing ones read as empty). */
  covering(fromMs: number, toMs: number, order?: 'oldest-first' | 'newest-first'): { readonly slice: Slice; readonly table: TableHandle }[];
  /** Deletes every slice wholly before `cutoffMs`: one table listing and one DeleteTable per expired slice. */
  expireBefore(cutoffMs: number): Promise<readonly string[]>;
}

export function createSlicedTable(catalog: TableCatalog, scheme: SliceScheme): SlicedTable {
  const handles = new Map<string, TableHandle>();
  const created = new Map<string, Promise<void>>();
  const open = (name: string): TableHandle => {
    let handle = handles.get(name);
    if (!handle) handles.set(name, (handle = catalog.open(name)));
    return handle;
  };
  const ensure = async (name: string): Promise<void> => {
    let creating = created.get(name);
    if (!creating) {
      creating = open(name).ensureExists();
      created.set(name, creating);
      creating.catch(() => created.delete(name)); // a failed create is retried by the next write
    }
    await creating;
  };
  return {
    scheme,
    at: (ms) => open(sliceAt(scheme, ms).name),
    forWrite: async (ms) => {
      const { name } = sliceAt(scheme, ms);
      await ensure(name);
      return open(name);
    },
    covering: (fromMs, toMs, order) => slicesCovering(scheme, fromMs, toMs, order).map((slice) => ({ slice, table: open(slice.name) })),
    expireBefore: async (cutoffMs) => {
      const expired = expiredSlices(scheme, await catalog.list(scheme.base), cutoffMs);
      for (const { name } of expired) {
        await catalog.drop(name);
        handles.delete(name);
        created.delete(name);
      }
      return expired.map((s) => s.name);
    },
  };
}
