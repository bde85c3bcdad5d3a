import type { IncidentStore, StaleClaimFinder, Versioned } from '../../app/remediation/remediationPorts';
import { INCIDENT_STATES, type Incident, type IncidentState } from '../../core/remediation/incident';
import { fieldsOf, flatEntity, unlessConflict } from './tableEntityCodec';
import { odata, type StoredEntity, type TableHandle } from './tableClients';

const ROW = 'incident';

/**
 * One row per link (PartitionKey = link key, RowKey 'incident'): the link's current incident. Every write is
 * conditional (insert, or replace with the ETag read), which is what makes the claim before a reset exclusive.
 */
export function createTableIncidentStore(table: TableHandle): IncidentStore & StaleClaimFinder {
  const versioned = (incident: Incident, etag: string): Versioned<Incident> => ({ value: incident, etag });
  return {
    get: async (linkKey) => {
      await table.ensureExists();
      const entity = await table.get(linkKey, ROW);
      return entity ? versioned(incidentOf(entity), entity.etag) : undefined;
    },
    create: async (incident) => {
      await table.ensureExists();
      const etag = await unlessConflict(() =>
        table.create(flatEntity(incident.linkKey, ROW, { ...incident })),
      );
      return etag === undefined ? undefined : versioned(incident, etag);
    },
    staleClaims: async (now) => {
      const rows: Incident[] = [];
      const filter = odata`(state eq 'claimed' or state eq 'resetting') and claimLeaseUntil lt ${now.toISOString()}`;
      for await (const page of table.pages(filter)) rows.push(...page.map(incidentOf));
      return rows;
    },
    replace: async (incident, etag) => {
      const next = await unlessConflict(() =>
        table.update(flatEntity(incident.linkKey, ROW, { ...incident }), etag),
      );
      return next === undefined ? undefined : versioned(incident, next);
    },
  };
}

function incidentOf(entity: StoredEntity): Incident {
  const f = fieldsOf(entity);
  const text = (name: string): string | undefined => (typeof f[name] === 'string' ? f[name] : undefined);
  const state = text('state');
  return {
    linkKey: entity.partitionKey,
    linkId: text('linkId') ?? '',
    incidentId: text('incidentId') ?? '',
    state: (INCIDENT_STATES as readonly string[]).includes(state ?? '') ? (state as IncidentState) : 'open',
    attempts: typeof f.attempts === 'number' ? f.attempts : 0,
    openedAt: text('openedAt') ?? '',
    updatedAt: text('updatedAt') ?? '',
    gatewayId: text('gatewayId'),
    lastClaimAt: text('lastClaimAt'),
    lastResetAt: text('lastResetAt'),
    claimedBy: text('claimedBy'),
    claimRequestId: text('claimRequestId'),
    claimLeaseUntil: text('claimLeaseUntil'),
    resumeToken: text('resumeToken'),
    nextAttemptAt: text('nextAttemptAt'),
    followUpAt: text('followUpAt'),
    postcheckDueAt: text('postcheckDueAt'),
    lastReason: text('lastReason'),
    lastOutcome: text('lastOutcome'),
  };
}
