import { TableServiceClient } from '@azure/data-tables';
import { QueueServiceClient } from '@azure/storage-queue';
import { createTableClient, type StoredEntity } from '../../../src/adapters/storage/tableClients';
import { parseSlice, type SliceScheme } from '../../../src/core/retention/timeSlices';

export interface StorageDump {
  /** Every row of every table whose name starts with the prefix, by table name. */
  readonly tables: ReadonlyMap<string, readonly StoredEntity[]>;
  /** Every message text (peeked, so nothing is consumed) of every queue whose name starts with the prefix. */
  readonly queueMessages: readonly string[];
}

/** Reads everything a scenario left in Azurite (its tables and queues), for the invariants and the secret scan. */
export async function dumpStorage(connection: string, prefix: string): Promise<StorageDump> {
  const options = { allowInsecureConnection: true };
  const tables = new Map<string, StoredEntity[]>();
  for await (const table of TableServiceClient.fromConnectionString(connection, options).listTables()) {
    const name = table.name ?? '';
    if (!name.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const rows: StoredEntity[] = [];
    for await (const page of createTableClient(connection, name).pages("PartitionKey ge ''")) rows.push(...page);
    tables.set(name, rows);
  }
  const queueMessages: string[] = [];
  const queues = QueueServiceClient.fromConnectionString(connection);
  for await (const queue of queues.listQueues({ prefix: prefix.toLowerCase() })) {
    const peeked = await queues.getQueueClient(queue.name).peekMessages({ numberOfMessages: 32 });
    queueMessages.push(...peeked.peekedMessageItems.map((m) => m.messageText));
  }
  return { tables, queueMessages };
}

export function rowsOf(dump: StorageDump, tableName: string): readonly StoredEntity[] {
  for (const [name, rows] of dump.tables) if (name.toLowerCase() === tableName.toLowerCase()) return rows;
  return [];
}

/** Every row of every time slice of one kind (`{prefix}{kind}{yyyyMMdd}`), oldest slice first. */
export function sliceRowsOf(dump: StorageDump, scheme: SliceScheme): readonly StoredEntity[] {
  return [...dump.tables]
    .filter(([name]) => parseSlice(scheme, name) !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([, rows]) => rows);
}
