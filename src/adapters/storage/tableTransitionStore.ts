import type { LinkTransition } from '../../core/linkState/trackLinkState';
import type { TransitionStore } from '../../app/monitoring/monitoringPorts';
import { odata, type StoredEntity } from './tableClients';
import { mapLimit } from '../../core/mapLimit';
import type { SlicedTable } from './tableSlices';
import { daysBetween, dayKey, partitionBatches, timeKey } from './tableKeys';

/**
 * Status transitions, in time-sliced tables (`{prefix}trans{yyyyMMdd}`, 10 days each). PartitionKey `d{yyyyMMdd}`, RowKey `{linkKey}~{epochMs13}`. A cycle's transitions share a
 * partition (batchable), "what happened this week" reads 7 partitions, one link is a RowKey range per day.
 */
export function createTableTransitionStore(slices: SlicedTable): TransitionStore {
  return {
    write: async (transitions) => {
      const batches = partitionBatches(transitions, (t) => dayKey(Date.parse(t.at)));
      await mapLimit(batches, 4, async (batch) =>
        (await slices.forWrite(Date.parse(batch[0]!.at))).batch(batch.map((t) => ['upsert', { partitionKey: dayKey(Date.parse(t.at)), rowKey: `${t.linkKey}~${timeKey(Date.parse(t.at))}`, ...t }, 'Replace'] as const)),
      );
    },
    list: async (range) => {
      const found: LinkTransition[] = [];
      for (const day of daysBetween(range.fromMs, range.toMs)) {
        const filter = range.linkKey
          ? odata`PartitionKey eq ${dayKey(day)} and RowKey ge ${`${range.linkKey}~${timeKey(range.fromMs)}`} and RowKey le ${`${range.linkKey}~${timeKey(range.toMs)}`}`
          : odata`PartitionKey eq ${dayKey(day)}`;
        for await (const page of slices.at(day).pages(filter)) for (const e of page) found.push(fromEntity(e));
      }
      return found.filter((t) => Date.parse(t.at) >= range.fromMs && Date.parse(t.at) <= range.toMs).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    },
  };
}

function fromEntity(e: StoredEntity): LinkTransition {
  const text = (name: string): string => (typeof e[name] === 'string' ? e[name] : '');
  return {
    linkKey: text('linkKey'),
    linkId: text('linkId'),
    from: text('from'),
    to: text('to'),
    at: text('at'),
    ...(typeof e.closedIncidentId === 'string' && { closedIncidentId: e.closedIncidentId }),
  };
}
