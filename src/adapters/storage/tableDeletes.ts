import { mapLimit } from '../../core/mapLimit';
import type { TableHandle } from './tableClients';
import { partitionBatches } from './tableKeys';

/** Deletes every row `filter` selects, page by page, in entity-group transactions; returns how many. */
export async function deleteWhere(table: TableHandle, filter: string, concurrency = 4): Promise<number> {
  let deleted = 0;
  for await (const page of table.pages(filter, { select: ['PartitionKey', 'RowKey'] })) {
    const batches = partitionBatches(page, (e) => e.partitionKey);
    await mapLimit(batches, concurrency, (batch) =>
      table.batch(batch.map((e) => ['delete', { partitionKey: e.partitionKey, rowKey: e.rowKey }] as const)),
    );
    deleted += page.length;
  }
  return deleted;
}
