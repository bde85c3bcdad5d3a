import type { TableCatalog } from '../adapters/storage/tableClients';
import { createSlicedTable, type SlicedTable } from '../adapters/storage/tableSlices';
import { MONITORING_SLICES, type SlicedKind } from '../app/monitoring/monitoringTables';
import { sliceScheme } from '../core/retention/timeSlices';

/** The monitoring kinds' time-sliced tables over one account (prefix = TW_TABLE_PREFIX). */
export function monitoringSlices(catalog: TableCatalog, prefix: string): Record<SlicedKind, SlicedTable> {
  const sliced = (kind: SlicedKind): SlicedTable => {
    const { kind: suffix, days } = MONITORING_SLICES[kind];
    return createSlicedTable(catalog, sliceScheme(`${prefix}${suffix}`, days));
  };
  return { snapshots: sliced('snapshots'), transitions: sliced('transitions'), rollups: sliced('rollups'), pollRuns: sliced('pollRuns') };
}
