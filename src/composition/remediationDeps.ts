import { randomUUID } from 'node:crypto';
import { PERMISSION_NEEDS } from '../adapters/arm/armOperations';
import { checkPermissions } from '../app/permissions/checkPermissions';
import { createPermissionStatus, type PermissionLog } from '../app/permissions/permissionStatus';
import type { ScopePermissions } from '../core/permissions/assessPermissions';
import { createEntraTokenValidator } from '../adapters/entra/entraTokenValidator';
import { createRemediationQueue } from '../adapters/storage/storageQueueClient';
import { createTableAlertDedup } from '../adapters/storage/tableAlertDedup';
import { createTableAuditStore } from '../adapters/storage/tableAuditStore';
import { createTableClient, tableName } from '../adapters/storage/tableClients';
import { createTableIncidentStore } from '../adapters/storage/tableIncidentStore';
import { createTableLinkStateRanges, createTableLinkStateStore } from '../adapters/storage/tableLinkStateStore';
import { createTableRequestGate } from '../adapters/storage/tableRequestGate';
import { withRecentLinkList } from './recentLinkList';
import { createTableResetLedger } from '../adapters/storage/tableResetLedger';
import { MONITORING_TABLES } from '../app/monitoring/monitoringTables';
import type { Telemetry } from '../app/ports';
import type { AuditStore, RemediationDeps, RemediationEvents } from '../app/remediation/remediationPorts';
import type { AlertHttpDeps } from '../app/remediation/acceptAlert';
import { REMEDIATION_TABLES } from '../app/remediation/remediationTables';
import type { Config } from '../config/loadConfig';
import { TELEMETRY_NAMES } from '../core/telemetryNames';
import { appConfig } from './appConfig';
import { appTelemetry } from './appTelemetry';
import type { ArmNetwork } from '../adapters/arm/armNetworkClient';
import { armNetwork, buildArmNetwork, type ArmNetworkOverrides } from './armNetwork';
import { lazyAsync } from './lazyAsync';
import { buildHuaweiProvider, huaweiProvider, providerNetwork, resetScopes } from './linkProviders';
import type { LinkProvider } from '../app/providers/linkProvider';
import type { PruneDeps } from '../app/remediation/pruneRemediationRecords';
import type { SweepDeps } from '../app/remediation/sweepStaleClaims';

/** What the daily retention timer needs from the remediation side: pruning by age and the stale-claim sweep. */
export type RemediationRetentionDeps = PruneDeps & SweepDeps;

export interface RemediationDepsOptions extends Pick<ArmNetworkOverrides, 'credential'> {
  /** The process's shared ARM adapter (armNetwork()); default: one of its own (integration tests). */
  readonly network?: ArmNetwork;
  /** The process's Huawei provider (huaweiProvider()); default: one of its own when TW_HUAWEI_SCOPES is set. */
  readonly huawei?: LinkProvider;
  readonly clock?: { now(): Date };
  readonly telemetry?: Telemetry;
  /** Where the permission check logs its one report (default: the process log). */
  readonly log?: PermissionLog;
}

/** The actuator's dependencies from validated config (one call for the composition root and integration tests). */
export function createRemediationDeps(
  config: Config,
  options: RemediationDepsOptions = {},
): RemediationDeps & {
  readonly alert: AlertHttpDeps;
  readonly permissions: () => Promise<readonly ScopePermissions[]>;
  readonly retention: RemediationRetentionDeps;
} {
  const table = (suffix: string) =>
    createTableClient(config.storageConnection, tableName(config.tablePrefix, suffix));
  const network =
    options.network ?? buildArmNetwork(config, options.credential ? { credential: options.credential } : {});
  const linkStateTable = table(MONITORING_TABLES.linkState);
  const linkStates = createTableLinkStateStore(linkStateTable);
  // Fleet counts and peers come from one list of the whole table per few seconds per process, never one per request.
  const recentLinkStates = withRecentLinkList(linkStates, () => Date.now());
  const linkRanges = createTableLinkStateRanges(linkStateTable);
  const requestGate = createTableRequestGate(table(REMEDIATION_TABLES.requestGate));
  const telemetry = options.telemetry;
  const auditTable = createTableAuditStore(table(REMEDIATION_TABLES.audit));
  const audit = withTelemetry(auditTable, telemetry);
  const incidents = createTableIncidentStore(table(REMEDIATION_TABLES.incidents));
  const dedup = createTableAlertDedup(table(REMEDIATION_TABLES.alertDedup));
  const queue = createRemediationQueue(config.storageConnection, config.remediationQueue);
  const clock = options.clock ?? { now: () => new Date() };
  const newId = (): string => randomUUID();
  const huawei = options.huawei ?? (config.huawei && buildHuaweiProvider(config.huawei, { now: () => clock.now().getTime() }));
  const permissions = createPermissionStatus(
    async () => [...(await checkPermissions(network, config.scopes, PERMISSION_NEEDS)), ...((await huawei?.checkPermissions?.()) ?? [])],
    options.log ?? console,
    clock,
  );
  return {
    permissions,
    network: providerNetwork(config, network, huawei).actions,
    linkStates: recentLinkStates,
    linkRanges,
    requestGate,
    recordReset: (linkKey, at) => linkStates.recordReset(linkKey, at),
    queue,
    incidents,
    audit,
    ledger: createTableResetLedger(table(REMEDIATION_TABLES.ledger), config.resetBudgetPerHour),
    events: telemetryEvents(telemetry),
    settings: { ...config, scopes: resetScopes(config) },
    clock,
    newId,
    alert: {
      linkStates: linkRanges,
      queue,
      requestGate,
      dedup,
      audit,
      scopes: config.scopes,
      downStatuses: config.downStatuses,
      newId,
      clock,
      maxBodyBytes: config.maxBodyBytes,
      ...(config.alertAad && { tokenValidator: createEntraTokenValidator(config.alertAad) }),
    },
    retention: { audit: auditTable, alertDedup: dedup, incidents, queue, settings: config, clock, newId },
  };
}

const services = lazyAsync(() =>
  Promise.resolve(createRemediationDeps(appConfig(), { telemetry: appTelemetry(), network: armNetwork(), huawei: huaweiProvider() })),
);
/** The queue actuator's and manual route's dependencies, built once per process. */
export const remediationServices = (): Promise<RemediationDeps> => services();
/** The permission check of every configured scope, run once per process on first use (health details, cycle lines). */
export const permissionServices = async (): Promise<readonly ScopePermissions[]> =>
  (await services()).permissions();
/** The retention timer's remediation-side dependencies, built once per process. */
export const remediationRetentionServices = async (): Promise<RemediationRetentionDeps> =>
  (await services()).retention;
/** The webhook's dependencies, built once per process. */
export const alertServices = async (): Promise<AlertHttpDeps> => (await services()).alert;

/** Quarantines and outage escalations become Application Insights events (the workbook and alert rules query them). */
function telemetryEvents(telemetry: Telemetry | undefined): RemediationEvents {
  const names = TELEMETRY_NAMES.events;
  return {
    emit: (e) => {
      telemetry?.event(e.kind === 'quarantined' ? names.IncidentQuarantined : names.OutageEscalated, {
        reason: e.reason,
        ...(e.linkId && { linkId: e.linkId }),
        ...(e.gatewayId && { gatewayId: e.gatewayId }),
        ...(e.incidentId && { incidentId: e.incidentId }),
      });
      return Promise.resolve();
    },
  };
}

/** Resets and skips also become events, from the audit rows (one source of truth for what was decided). */
function withTelemetry(audit: AuditStore, telemetry: Telemetry | undefined): AuditStore {
  if (!telemetry) return audit;
  const names = TELEMETRY_NAMES.events;
  return {
    list: (query) => audit.list(query),
    append: async (entry) => {
      await audit.append(entry);
      const properties = {
        reason: entry.reason,
        ...(entry.linkId && { linkId: entry.linkId }),
        ...(entry.incidentId && { incidentId: entry.incidentId }),
        ...(entry.mode && { mode: entry.mode }),
      };
      if (entry.step === 'reset' && entry.action === 'reset')
        telemetry.event(names.ResetRequested, properties);
      if (entry.step === 'decision' && entry.outcome === 'skipped')
        telemetry.event(names.ResetSkipped, properties);
    },
  };
}
