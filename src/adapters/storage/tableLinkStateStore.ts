import type { ConnectionGroup, LinkStateStore } from '../../app/monitoring/monitoringPorts';
import { normalizeArmId } from '../../core/ids/armId';
import { TunnelwatchError, toError } from '../../core/errors';
import { isLinkKey, stateRowKeyOfGroup, stateRowKeyOfLinkKey } from '../../core/ids/linkKey';
import type { LinkState } from '../../core/linkState/linkState';
import { stableHash64 } from '../../core/ids/stableBucket';
import type { TrackedLinkState } from '../../core/linkState/trackLinkState';
import { odata, type BatchAction, type Entity, type StoredEntity, type TableHandle } from './tableClients';
import { mapLimit } from '../../core/mapLimit';
import { parseLinkStates } from './parseLinkStates';
import type { LinkStateRanges } from '../../app/remediation/remediationPorts';
import { linkIsUnder, stateRowPrefixOfLinkKey, stateRowRangeOf } from '../../core/linkState/linkStateRange';

const PK = 'state';
const MAX_ATTEMPTS = 5;
/** Edm.String holds 64 KiB of UTF-16 (TABLES.md); stay well under it. */
const MAX_JSON_CHARS = 30_000;

/**
 * Link state, one entity per connection in one partition ('state'): a cycle reads it in a few pages and writes it in
 * ≤100-entity transactions. RowKey `{hash(target)}~{hash(connection)}`, so one gateway's rows are a RowKey range and
 * a link key (whose first two parts are these hashes) names its row.
 * Every write is ETag-conditional; on conflict the group is re-read and re-applied, never overwritten.
 */
export function createTableLinkStateStore(table: TableHandle): LinkStateStore {
  const rowKeyOf = (g: ConnectionGroup): string => stateRowKeyOfGroup(g);

  const readAll = async (filter: string): Promise<Map<string, StoredEntity>> => {
    const rows = new Map<string, StoredEntity>();
    for await (const page of table.pages(filter)) for (const e of page) rows.set(e.rowKey, e);
    return rows;
  };
  const readTarget = (t: string): Promise<Map<string, StoredEntity>> => readAll(odata`PartitionKey eq ${PK} and RowKey ge ${targetPrefix(t)} and RowKey lt ${`${targetPrefix(t).slice(0, -1)}~~`}`);
  const read = async (groups: readonly ConnectionGroup[], scanAll: boolean, outOfOrder: ReadonlySet<string> = new Set()): Promise<Map<string, StoredEntity>> => {
    const targets = [...new Set(groups.map((g) => normalizeArmId(g.targetId)))];
    const moved = new Set([...outOfOrder].map(normalizeArmId));
    const byTarget = scanAll ? targets.filter((t) => moved.has(t)) : targets;
    // One scan of the RowKey range spanning the other targets: the whole partition for a whole fleet, one contiguous
    // slice for a chunk of targets taken in stateOrder (pollTargets), instead of one read per target.
    const prefixes = scanAll ? targets.filter((t) => !moved.has(t)).map(targetPrefix).sort() : [];
    const scan = async (): Promise<Map<string, StoredEntity>> =>
      prefixes.length === 0 ? new Map() : readAll(odata`PartitionKey eq ${PK} and RowKey ge ${prefixes[0]!} and RowKey lt ${`${prefixes.at(-1)!.slice(0, -1)}~~`}`);
    const [scanned, maps] = await Promise.all([scan(), mapLimit(byTarget, 8, readTarget)]);
    return new Map([...scanned, ...maps.flatMap((m) => [...m])]);
  };
  const entityOf = (g: ConnectionGroup, links: readonly TrackedLinkState[]): Entity => {
    const json = JSON.stringify(links);
    if (json.length > MAX_JSON_CHARS) throw new TunnelwatchError('STORAGE.FAILED', `link state of ${g.connectionId} is too large (${json.length} chars)`);
    return { partitionKey: PK, rowKey: rowKeyOf(g), connectionId: g.connectionId, targetId: g.targetId, links: json };
  };

  /** Read-modify-write of one group until it lands (bounded); used after a batch conflict and for recordReset. */
  const updateOne = async <R>(g: ConnectionGroup, apply: (current: ReadonlyMap<string, TrackedLinkState>) => { links: readonly TrackedLinkState[]; result: R }): Promise<R> => {
    for (let attempt = 1; ; attempt++) {
      const current = await table.get(PK, rowKeyOf(g));
      const { links, result } = apply(statesOf(current));
      try {
        if (current) await table.update(entityOf(g, links), current.etag);
        else await table.create(entityOf(g, links));
        return result;
      } catch (error) {
        if (!(error instanceof TunnelwatchError && error.code === 'STORAGE.CONFLICT') || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  };

  const store: LinkStateStore = {
    stateOrder: targetPrefix,
    update: async (groups, apply, options = {}) => {
      const rows = await read(groups, options.scanAll ?? false, options.outOfOrder);
      const states = new Map(groups.map((g) => [g.connectionId, statesOf(rows.get(rowKeyOf(g)))]));
      await options.prepare?.(states);
      const results = new Map<string, unknown>();
      const prepared = groups.map((g) => {
        const current = rows.get(rowKeyOf(g));
        const { links, result } = apply(g, states.get(g.connectionId) ?? statesOf(current));
        results.set(g.connectionId, result);
        const entity = entityOf(g, links);
        const action: BatchAction = current ? ['update', entity, 'Replace', { etag: current.etag }] : ['create', entity];
        return { g, action };
      });
      const batches: (typeof prepared)[] = [];
      for (let i = 0; i < prepared.length; i += 100) batches.push(prepared.slice(i, i + 100));
      // Settles on its own, so a failing state batch cannot leave it as an unhandled rejection.
      const alongside = options.alongside?.(new Map(results) as Map<string, never>).then(() => undefined, (error: unknown) => toError(error));
      // Each settles on its own too; they run while the remaining batches are written.
      const followUps: Array<Promise<Error | undefined>> = [];
      const written = (ids: readonly string[]): void => {
        const { afterWrite } = options;
        if (afterWrite === undefined) return;
        const landed = new Map(ids.map((id) => [id, results.get(id)] as const)) as Map<string, never>;
        followUps.push(Promise.resolve().then(() => afterWrite(landed)).then(() => undefined, (error: unknown) => toError(error)));
      };
      await mapLimit(batches, 8, async (batch) => {
        try {
          await table.batch(batch.map((p) => p.action));
        } catch (error) {
          if (!(error instanceof TunnelwatchError && error.code === 'STORAGE.CONFLICT')) throw error;
          // A transaction is all-or-nothing: redo each of its groups alone on fresh state.
          for (const { g } of batch) {
            results.set(g.connectionId, await updateOne(g, (current) => apply(g, current)));
            written([g.connectionId]);
          }
          return;
        }
        written(batch.map((p) => p.g.connectionId));
      });
      const failed = (await alongside) ?? (await Promise.all(followUps)).find((e) => e !== undefined);
      if (failed) throw failed;
      return results as Map<string, never>;
    },
    recordReset: async (linkKey, at) => {
      const group = await groupOfKey(linkKey);
      await updateOne(group, (current) => {
        const state = current.get(linkKey);
        if (!state) throw new TunnelwatchError('LINK.NOT_FOUND', `no state recorded for link ${linkKey}`);
        const links = [...current.values()].map((s) => (s.key === linkKey ? { ...s, lastResetAt: at } : s));
        return { links, result: undefined };
      });
    },
    get: async (linkKey) => {
      if (!isLinkKey(linkKey)) return undefined;
      const state = statesOf(await table.get(PK, stateRowKeyOfLinkKey(linkKey))).get(linkKey);
      return state ? publicState(state) : undefined;
    },
    list: async () => {
      const rows = await readAll(odata`PartitionKey eq ${PK}`);
      return [...rows.values()].flatMap((e) => [...statesOf(e).values()].map(publicState));
    },
  };
  /** The connection group holding a link, read from its state row (keys cannot be decoded to ids). */
  const groupOfKey = async (linkKey: string): Promise<ConnectionGroup> => {
    const row = isLinkKey(linkKey) ? await table.get(PK, stateRowKeyOfLinkKey(linkKey)) : undefined;
    const connectionId = row?.connectionId;
    const targetId = row?.targetId;
    if (typeof connectionId !== 'string' || typeof targetId !== 'string') throw new TunnelwatchError('LINK.NOT_FOUND', `no state recorded for link ${linkKey.slice(0, 100)}`);
    return { connectionId, targetId };
  };
  return store;
}

/**
 * Bounded lookups over the same table for the alert path and the actuator: a link or connection is one point read,
 * a gateway one RowKey range (its poll target's rows), so their cost follows the gateway, never the fleet.
 */
export function createTableLinkStateRanges(table: TableHandle): LinkStateRanges {
  const statesIn = async (filter: string): Promise<LinkState[]> => {
    const states: LinkState[] = [];
    for await (const page of table.pages(filter)) for (const e of page) states.push(...[...statesOf(e).values()].map(publicState));
    return states;
  };
  const targetRows = (prefix: string): Promise<LinkState[]> =>
    statesIn(odata`PartitionKey eq ${PK} and RowKey ge ${prefix} and RowKey lt ${`${prefix.slice(0, -1)}~~`}`);
  return {
    under: async (resourceId) => {
      const range = stateRowRangeOf(resourceId);
      if (!range) return [];
      const states = range.kind === 'row' ? [...statesOf(await table.get(PK, range.rowKey)).values()].map(publicState) : await targetRows(range.prefix);
      return states.filter((s) => linkIsUnder(s, resourceId));
    },
    besideLink: (linkKey) => (isLinkKey(linkKey) ? targetRows(stateRowPrefixOfLinkKey(linkKey)) : Promise.resolve([])),
    anyRecorded: async () => {
      for await (const page of table.pages(odata`PartitionKey eq ${PK}`, { select: ['RowKey'], pageSize: 1 })) if (page.length > 0) return true;
      return false;
    },
  };
}

/** `{hash(target)}~`: the RowKey prefix of one target's rows (stateRowKeyOfGroup starts with it). */
function targetPrefix(targetId: string): string {
  return `${stableHash64(normalizeArmId(targetId))}~`;
}

function statesOf(entity: StoredEntity | undefined): ReadonlyMap<string, TrackedLinkState> {
  return new Map(parseLinkStates(entity?.links).map((s) => [s.key, s]));
}

/** The shared LinkState without the poller's own bookkeeping. */
function publicState(state: TrackedLinkState): LinkState {
  const { pendingRequestFor: _pending, hourRollup: _hour, pendingRollups: _rollups, ...rest } = state;
  return rest;
}
