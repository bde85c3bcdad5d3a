import {
  odata,
  RestError,
  TableClient,
  TableServiceClient,
  type TableEntity,
  type TableEntityResult,
  type TransactionAction,
} from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import { TunnelwatchError, toError } from '../../core/errors';

/**
 * The only importer of @azure/data-tables. Gives the rest of the app a small table handle that counts round trips
 * (the poll benchmark and cycle summary report them) and turns SDK errors into TunnelwatchError codes:
 * 409/412 → STORAGE.CONFLICT, throttling/5xx/network → STORAGE.UNAVAILABLE (transient), the rest → STORAGE.FAILED.
 */
export interface RoundTripCounter {
  count: number;
}

export type Entity = TableEntity<Record<string, unknown>>;
export type StoredEntity = Entity & { readonly etag: string };
export type BatchAction = TransactionAction;
export { odata };

export interface TableHandle {
  readonly name: string;
  /** Creates the table if missing (one round trip; call once per process). */
  ensureExists(): Promise<void>;
  get(partitionKey: string, rowKey: string): Promise<StoredEntity | undefined>;
  /** Each yielded page is one round trip (at most 1,000 entities, possibly zero with a continuation); a missing table yields none. */
  pages(
    filter: string,
    options?: { readonly select?: readonly string[]; readonly pageSize?: number },
  ): AsyncIterable<StoredEntity[]>;
  /** One entity-group transaction: same partition, at most 100 entities. */
  batch(actions: readonly BatchAction[]): Promise<ReadonlyMap<string, string>>;
  create(entity: Entity): Promise<string>;
  update(entity: Entity, etag: string): Promise<string>;
  upsert(entity: Entity): Promise<void>;
  delete(partitionKey: string, rowKey: string): Promise<void>;
}

/** The account's tables by name: what time-sliced tables need beyond one table's handle. */
export interface TableCatalog {
  open(name: string): TableHandle;
  /** Names of the tables that start with `prefix` (a TableName range query: one round trip per 1,000 names). */
  list(prefix: string): Promise<string[]>;
  /** DeleteTable: one round trip whatever the table holds; a table already gone is not an error. */
  drop(name: string): Promise<void>;
}

const ensured = new Set<string>();
const identityPrefix = 'identity:';
const insecure = (connection: string): boolean => /^(UseDevelopmentStorage|.*=http:)/i.test(connection);

/** `connection` is a connection string or `identity:<tableServiceUri>|<queueServiceUri>` (see loadConfig). */
export function createTableCatalog(connection: string, counter: RoundTripCounter = { count: 0 }): TableCatalog {
  const service = connection.startsWith(identityPrefix)
    ? new TableServiceClient(connection.slice(identityPrefix.length).split('|')[0]!, new DefaultAzureCredential(managedIdentity()))
    : TableServiceClient.fromConnectionString(connection, { allowInsecureConnection: insecure(connection) });
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    counter.count++;
    try {
      return await run();
    } catch (thrown) {
      throw toStorageError(thrown, what);
    }
  };
  return {
    open: (name) => createTableClient(connection, name, counter),
    list: async (prefix) => {
      // Names are compared as strings: [prefix, prefix + '{') holds every alphanumeric name starting with prefix.
      const filter = odata`TableName ge ${prefix} and TableName lt ${`${prefix}{`}`;
      const names: string[] = [];
      // One round trip per page (the SDK follows continuation tokens), counted as each page arrives.
      try {
        for await (const page of service.listTables({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 })) {
          counter.count++;
          for (const table of page) if (table.name) names.push(table.name);
        }
      } catch (thrown) {
        counter.count++;
        throw toStorageError(thrown, `list tables ${prefix}`);
      }
      return names;
    },
    drop: async (name) => {
      await call(`delete table ${name}`, () => service.deleteTable(name));
      for (const key of ensured) if (key.endsWith(`|${name}`)) ensured.delete(key);
    },
  };
}

/** `connection` is a connection string or `identity:<tableServiceUri>|<queueServiceUri>` (see loadConfig). */
export function createTableClient(
  connection: string,
  tableName: string,
  counter: RoundTripCounter = { count: 0 },
): TableHandle {
  const client = connection.startsWith(identityPrefix)
    ? new TableClient(
        connection.slice(identityPrefix.length).split('|')[0]!,
        tableName,
        new DefaultAzureCredential(managedIdentity()),
      )
    : TableClient.fromConnectionString(connection, tableName, { allowInsecureConnection: insecure(connection) });
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    counter.count++;
    try {
      return await run();
    } catch (thrown) {
      throw toStorageError(thrown, `${what} ${tableName}`);
    }
  };
  return {
    name: tableName,
    ensureExists: async () => {
      const cacheKey = `${client.url}|${tableName}`;
      if (ensured.has(cacheKey)) return;
      await call('create table', () => client.createTable());
      ensured.add(cacheKey);
    },
    get: async (pk, rk) => {
      try {
        return await call('get', () => client.getEntity<Record<string, unknown>>(pk, rk)).then(stored);
      } catch (error) {
        if (error instanceof TunnelwatchError && error.details.status === 404) return undefined;
        throw error;
      }
    },
    pages: (filter, options = {}) => ({
      [Symbol.asyncIterator]: async function* () {
        const iterator = client
          .listEntities<Record<string, unknown>>({
            queryOptions: { filter, ...(options.select && { select: [...options.select] }) },
          })
          .byPage({ maxPageSize: options.pageSize ?? 1000 });
        for (;;) {
          const next = await call('query', () => iterator.next()).catch((error: unknown) => {
            // A table that does not exist yet (nothing written before the first poll) holds no rows.
            if (error instanceof TunnelwatchError && error.details.status === 404)
              return { done: true as const, value: undefined };
            throw error;
          });
          if (next.done) return;
          yield next.value.map(stored);
        }
      },
    }),
    batch: async (actions) => {
      if (actions.length === 0) return new Map();
      const response = await call('batch', () => client.submitTransaction([...actions]));
      return new Map(
        response.subResponses.flatMap((r) => (r.rowKey && r.etag ? [[r.rowKey, r.etag] as const] : [])),
      );
    },
    create: async (entity) => (await call('create', () => client.createEntity(entity))).etag ?? '',
    update: async (entity, etag) =>
      (await call('update', () => client.updateEntity(entity, 'Replace', { etag }))).etag ?? '',
    upsert: async (entity) => {
      await call('upsert', () => client.upsertEntity(entity, 'Replace'));
    },
    delete: async (pk, rk) => {
      await call('delete', () => client.deleteEntity(pk, rk));
    },
  };
}

function stored(entity: TableEntityResult<Record<string, unknown>>): StoredEntity {
  const {
    etag,
    timestamp: _timestamp,
    'odata.metadata': _metadata,
    ...rest
  } = entity as TableEntityResult<Record<string, unknown>> & {
    timestamp?: unknown;
    'odata.metadata'?: unknown;
  };
  return { ...(rest as Entity), etag: etag };
}

function managedIdentity(): { managedIdentityClientId?: string } {
  const clientId = process.env.AZURE_CLIENT_ID;
  return clientId ? { managedIdentityClientId: clientId } : {};
}

/** Maps an SDK failure to a stable code; `details.status` keeps the HTTP status for callers that branch on 404. */
export function toStorageError(thrown: unknown, what: string): TunnelwatchError {
  if (thrown instanceof TunnelwatchError) return thrown;
  const error = toError(thrown);
  const status = error instanceof RestError ? error.statusCode : undefined;
  const code = error instanceof RestError ? error.code : (error as { code?: string }).code;
  const details = { status, code };
  if (status === 409 || status === 412)
    return new TunnelwatchError(
      'STORAGE.CONFLICT',
      `${what}: ${status} ${code ?? ''}`.trim(),
      false,
      details,
      { cause: error },
    );
  if (status === undefined || status === 408 || status === 429 || status >= 500) {
    return new TunnelwatchError('STORAGE.UNAVAILABLE', `${what}: ${error.message}`, true, details, {
      cause: error,
    });
  }
  return new TunnelwatchError('STORAGE.FAILED', `${what}: ${status} ${error.message}`, false, details, {
    cause: error,
  });
}

/** Table names are alphanumeric, 3–63 characters (TABLES.md). */
export function tableName(prefix: string, suffix: string): string {
  return `${prefix}${suffix}`;
}
