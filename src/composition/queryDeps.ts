import { createHmac, randomBytes } from 'node:crypto';
import type {
  AuditReader,
  IncidentReader,
  QueryDeps,
  SnapshotHistoryReader,
  TransitionReader,
} from '../app/queries/queryPorts';
import type { IncidentStore } from '../app/remediation/remediationPorts';
import type { SnapshotStore, TransitionStore } from '../app/monitoring/monitoringPorts';
import type { Sign } from '../core/queries/continuationToken';
import { createTableCatalog, createTableClient, tableName, type TableHandle } from '../adapters/storage/tableClients';
import { createTableSnapshotStore } from '../adapters/storage/tableSnapshotStore';
import { createTableTransitionStore } from '../adapters/storage/tableTransitionStore';
import { createTableLinkStateStore } from '../adapters/storage/tableLinkStateStore';
import { createTableRollupStore } from '../adapters/storage/tableRollupStore';
import { createTableAuditStore } from '../adapters/storage/tableAuditStore';
import { createTableIncidentStore } from '../adapters/storage/tableIncidentStore';
import { loadSigningKey } from '../adapters/storage/tableSigningKey';
import { MONITORING_TABLES } from '../app/monitoring/monitoringTables';
import { REMEDIATION_TABLES } from '../app/remediation/remediationTables';
import { appConfig } from './appConfig';
import { lazyAsync } from './lazyAsync';
import { withRecentLinkList } from './recentLinkList';
import { monitoringSlices } from './slicedTables';

/** Fixed table names (suffixes after TW_TABLE_PREFIX) the query routes read; snapshots, transitions and rollups are time-sliced (MONITORING_SLICES). */
export const QUERY_TABLES = {
  linkState: MONITORING_TABLES.linkState,
  audit: REMEDIATION_TABLES.audit,
  incidents: REMEDIATION_TABLES.incidents,
  /** The continuation-token signing key (tableSigningKey). */
  secrets: 'secrets',
} as const;

const built = lazyAsync(async () => {
  const { storageConnection, tablePrefix, statusMaxAgeMs, snapshotPartitions } = appConfig();
  const key = await loadSigningKey(
    createTableClient(storageConnection, tableName(tablePrefix, QUERY_TABLES.secrets)),
  );
  const deps = buildQueryDeps(storageConnection, tablePrefix, undefined, key, snapshotPartitions);
  return { ...deps, links: withRecentLinkList(deps.links, () => Date.now()), statusMaxAgeMs };
});

/** The query routes' dependencies, built once per process from the validated configuration and the stored signing key. */
export const queryDeps = (): Promise<QueryDeps> => built();

/**
 * `audit` overrides the audit log reader (tests); by default it is the remediation audit table. `signingKey`
 * defaults to a random key of this process (tests); deployed routes use the stored one (queryDeps).
 * `snapshotPartitions` must match the poller's (TW_SNAPSHOT_PARTITIONS) for link history to find its rows.
 */
export function buildQueryDeps(
  connection: string,
  prefix: string,
  audit?: AuditReader,
  signingKey: Buffer = randomBytes(32),
  snapshotPartitions?: number,
): QueryDeps {
  const table = (suffix: string) => ensuringTable(createTableClient(connection, tableName(prefix, suffix)));
  // Readers never create a slice: one not written yet (or expired) reads as empty.
  const sliced = monitoringSlices(createTableCatalog(connection), prefix);
  return {
    links: createTableLinkStateStore(table(QUERY_TABLES.linkState)),
    snapshots: snapshotReader(createTableSnapshotStore(sliced.snapshots, snapshotPartitions === undefined ? {} : { partitionsPerDay: snapshotPartitions })),
    transitions: transitionReader(createTableTransitionStore(sliced.transitions)),
    rollups: createTableRollupStore(sliced.rollups),
    audit: audit ?? createTableAuditStore(table(QUERY_TABLES.audit)),
    incidents: incidentReader(createTableIncidentStore(table(QUERY_TABLES.incidents))),
    sign: tokenSigner(signingKey),
    clock: { now: () => new Date() },
  };
}

/** An allow-list view of the link's incident row: its progress, not its claim tokens or LRO resume token. */
export function incidentReader(store: IncidentStore): IncidentReader {
  return {
    get: async (linkKey, incidentId) => {
      const incident = (await store.get(linkKey))?.value;
      if (!incident || incident.incidentId !== incidentId) return undefined;
      const { state, attempts, openedAt, updatedAt, lastResetAt, nextAttemptAt, lastReason, lastOutcome } =
        incident;
      return {
        id: incident.incidentId,
        state,
        attempts,
        openedAt,
        updatedAt,
        lastResetAt,
        nextAttemptAt,
        lastReason,
        lastOutcome,
      };
    },
  };
}

/**
 * HMAC-SHA256 with a random key (not derived from any setting: with managed identity the storage setting is only
 * public host names, so a derived key could be recomputed by anyone). Tokens are also bound to their query and
 * their window is re-checked against its bounds.
 */
export function tokenSigner(key: Buffer): Sign {
  return (text) => createHmac('sha256', key).update(text).digest('base64url');
}

export function snapshotReader(store: SnapshotStore): SnapshotHistoryReader {
  return {
    readRange: (linkKey, r) =>
      store.history(linkKey, {
        fromMs: Date.parse(r.from),
        toMs: Date.parse(r.to) - 1,
        newestFirst: r.order === 'desc',
        top: r.limit,
      }),
  };
}

export function transitionReader(store: TransitionStore): TransitionReader {
  return {
    readRange: async (linkKey, r) => {
      const all = await store.list({ fromMs: Date.parse(r.from), toMs: Date.parse(r.to) - 1, linkKey });
      return (r.order === 'desc' ? [...all].reverse() : all).slice(0, r.limit);
    },
  };
}

/** Creates the table on first use, so a fresh deployment answers empty lists before the first poll, not 500. */
function ensuringTable(handle: TableHandle): TableHandle {
  let ready: Promise<void> | undefined;
  const ensure = async (): Promise<void> => {
    ready ??= handle.ensureExists().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
  };
  return {
    ...handle,
    get: async (pk, rk) => (await ensure(), handle.get(pk, rk)),
    pages: (filter, options) => ({
      [Symbol.asyncIterator]: async function* () {
        await ensure();
        yield* handle.pages(filter, options);
      },
    }),
    batch: async (actions) => (await ensure(), handle.batch(actions)),
  };
}
