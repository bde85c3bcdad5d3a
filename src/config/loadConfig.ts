import { parseArmId } from '../core/ids/armId';
import { TunnelwatchError } from '../core/errors';
import { isHuaweiSegment, type HuaweiRef } from '../core/huawei/huaweiId';
import { HUAWEI_DOWNABLE_STATUSES } from '../core/huawei/huaweiStatus';
import { SETTINGS, type SettingName } from './settings';

export type RemediationMode = 'enabled' | 'dry-run' | 'disabled';

export interface Config {
  readonly storageConnection: string;
  readonly appInsightsConnectionString?: string;
  readonly scopes: readonly string[];
  readonly armEndpoint: string;
  readonly armCaFile?: string;
  readonly armDevToken?: string;
  readonly armConcurrency: number;
  readonly armReadsPerMinute: number;
  readonly pollSchedule: string;
  readonly shardThresholdGateways: number;
  readonly shardSizeGateways: number;
  readonly downStatuses: readonly string[];
  readonly stuckThresholdMs: number;
  /** A status not confirmed for this long reads Unknown (TW_STATUS_MAX_AGE_MINUTES). */
  readonly statusMaxAgeMs: number;
  readonly snapshotRetentionDays: number;
  /** Partitions per day of the snapshot table (TW_SNAPSHOT_PARTITIONS; development only). */
  readonly snapshotPartitions: number;
  readonly historyRetentionDays: number;
  readonly auditRetentionDays: number;
  readonly alertDedupRetentionDays: number;
  readonly remediationMode: RemediationMode;
  readonly resetCooldownMs: number;
  readonly maxAttemptsPerIncident: number;
  readonly resetBudgetPerHour: number;
  readonly blastRadiusPercent: number;
  readonly postCheckDelayMs: number;
  readonly resetTimeoutMs: number;
  readonly ikeSasTimeoutMs: number;
  readonly remediationQueue: string;
  readonly pollQueue: string;
  readonly tablePrefix: string;
  readonly alertAad?: { readonly tenantId: string; readonly audience: string; readonly role: string };
  readonly maxBodyBytes: number;
  /** App Service authentication is on (WEBSITE_AUTH_ENABLED): the platform sets x-ms-client-principal-* headers. */
  readonly appServiceAuth: boolean;
  /** Azure Monitor tunnel metrics (TW_METRICS, TW_METRICS_ENDPOINT): on with an endpoint, or off with the reason. */
  readonly metrics: MetricsConfig;
  /** Huawei Cloud VPN connections to watch (TW_HUAWEI_*); absent when TW_HUAWEI_SCOPES is empty. */
  readonly huawei?: HuaweiConfig;
}

export type MetricsConfig = { readonly enabled: true; readonly endpoint: string } | { readonly enabled: false; readonly offReason: string };

export interface HuaweiConfig {
  readonly scopes: readonly HuaweiRef[];
  /** Endpoint template: `{region}` is replaced by the scope's region. */
  readonly endpoint: string;
  readonly accessKey: string;
  /** Secret: never logged, stored or returned (Config is never logged as a whole). */
  readonly secretKey: string;
  readonly downStatuses: readonly string[];
  readonly caFile?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const MINUTE = 60_000;
const STATUSES = ['NotConnected', 'Unknown', 'Connecting', 'Connected'];

/**
 * Reads every setting once, validates all of them and throws one CONFIG.INVALID error naming every bad one.
 * Identity-based storage (AzureWebJobsStorage__accountName or __tableServiceUri) counts as a storage setting.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const raw = (name: SettingName): string => {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return value;
    const def = SETTINGS.find((s) => s.name === name);
    return def && 'default' in def ? def.default : '';
  };
  const int = (name: SettingName, min: number, max: number): number => {
    const text = raw(name);
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got '${text}')`);
      return min;
    }
    return value;
  };
  /** Minutes may be fractional (0.5 = 30 s), which short demo and test timelines need. */
  const minutes = (name: SettingName, max: number): number => {
    const text = raw(name);
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || value > max) {
      problems.push(`${name} must be a number of minutes from 0 to ${max} (got '${text}')`);
      return 0;
    }
    return Math.round(value * MINUTE);
  };
  const oneOf = <T extends string>(name: SettingName, allowed: readonly T[]): T => {
    const text = raw(name);
    if ((allowed as readonly string[]).includes(text)) return text as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got '${text}')`);
    return allowed[0]!;
  };

  const scopes = list(raw('TW_SCOPES'));
  const huawei = huaweiSettings(raw, problems);
  if (scopes.length === 0 && !huawei)
    problems.push(
      'TW_SCOPES must name at least one ARM scope (/subscriptions/<id>[/resourceGroups/<rg>[/providers/...]]) unless TW_HUAWEI_SCOPES names a Huawei Cloud project',
    );
  for (const scope of scopes) {
    const parsed = parseArmId(scope);
    if (!parsed || (parsed.provider !== undefined && parsed.resources.length === 0)) {
      problems.push(`TW_SCOPES: '${scope}' is not an ARM subscription, resource group or resource id`);
    }
  }
  const downStatuses = list(raw('TW_DOWN_STATUSES'));
  for (const status of downStatuses) {
    if (!STATUSES.includes(status) || status === 'Connected') {
      problems.push(`TW_DOWN_STATUSES: '${status}' is not one of NotConnected, Unknown, Connecting`);
    }
  }
  if (downStatuses.length === 0) problems.push('TW_DOWN_STATUSES must name at least one status');

  const armEndpoint = raw('TW_ARM_ENDPOINT');
  if (!/^https:\/\/[^\s/]+(\/.*)?$/.test(armEndpoint))
    problems.push(`TW_ARM_ENDPOINT must be an https URL (got '${armEndpoint}')`);

  // A static token only ever goes to a development endpoint whose certificate we pinned (the simulator).
  if (raw('TW_ARM_DEV_TOKEN') && !raw('TW_ARM_CA_FILE'))
    problems.push('TW_ARM_DEV_TOKEN is for the local simulator only and needs TW_ARM_CA_FILE');

  const metrics = metricsSettings(raw, env, problems);
  const storageConnection = storageSetting(env);
  if (!storageConnection)
    problems.push(
      'AzureWebJobsStorage (or AzureWebJobsStorage__accountName / __tableServiceUri) must be set',
    );

  for (const name of ['TW_REMEDIATION_QUEUE', 'TW_POLL_QUEUE'] as const) {
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(raw(name)))
      problems.push(`${name} is not a valid queue name (got '${raw(name)}')`);
  }
  if (!/^[A-Za-z][A-Za-z0-9]{0,19}$/.test(raw('TW_TABLE_PREFIX')))
    problems.push(
      `TW_TABLE_PREFIX must be 1-20 letters/digits starting with a letter (got '${raw('TW_TABLE_PREFIX')}')`,
    );

  const tenantId = raw('TW_ALERT_AAD_TENANT_ID');
  const audience = raw('TW_ALERT_AAD_AUDIENCE');
  if (tenantId && !audience)
    problems.push('TW_ALERT_AAD_AUDIENCE is required when TW_ALERT_AAD_TENANT_ID is set');
  if (tenantId && !/^[0-9a-fA-F-]{36}$/.test(tenantId))
    problems.push(`TW_ALERT_AAD_TENANT_ID must be a tenant GUID (got '${tenantId}')`);

  const config: Config = {
    storageConnection,
    appInsightsConnectionString: raw('APPLICATIONINSIGHTS_CONNECTION_STRING') || undefined,
    scopes,
    armEndpoint: armEndpoint.replace(/\/+$/, ''),
    armCaFile: raw('TW_ARM_CA_FILE') || undefined,
    armDevToken: raw('TW_ARM_DEV_TOKEN') || undefined,
    armConcurrency: int('TW_ARM_CONCURRENCY', 1, 64),
    armReadsPerMinute: int('TW_ARM_READS_PER_MINUTE', 1, 100_000),
    pollSchedule: raw('TW_POLL_SCHEDULE'),
    shardThresholdGateways: int('TW_SHARD_THRESHOLD_GATEWAYS', 1, 100_000),
    shardSizeGateways: int('TW_SHARD_SIZE_GATEWAYS', 1, 1000),
    downStatuses,
    stuckThresholdMs: minutes('TW_STUCK_THRESHOLD_MINUTES', 1440),
    statusMaxAgeMs: raw('TW_STATUS_MAX_AGE_MINUTES') === 'auto' ? autoStatusMaxAgeMs(metrics) : minutes('TW_STATUS_MAX_AGE_MINUTES', 1440),
    snapshotRetentionDays: int('TW_SNAPSHOT_RETENTION_DAYS', 1, 3650),
    snapshotPartitions: int('TW_SNAPSHOT_PARTITIONS', 1, 64),
    historyRetentionDays: int('TW_HISTORY_RETENTION_DAYS', 1, 3650),
    auditRetentionDays: int('TW_AUDIT_RETENTION_DAYS', 1, 3650),
    alertDedupRetentionDays: int('TW_ALERT_DEDUP_RETENTION_DAYS', 1, 3650),
    remediationMode: oneOf('TW_REMEDIATION_MODE', ['enabled', 'dry-run', 'disabled'] as const),
    resetCooldownMs: minutes('TW_RESET_COOLDOWN_MINUTES', 10_080),
    maxAttemptsPerIncident: int('TW_MAX_ATTEMPTS_PER_INCIDENT', 1, 20),
    resetBudgetPerHour: int('TW_RESET_BUDGET_PER_HOUR', 0, 10_000),
    blastRadiusPercent: int('TW_BLAST_RADIUS_PERCENT', 1, 100),
    postCheckDelayMs: minutes('TW_POSTCHECK_DELAY_MINUTES', 1440),
    resetTimeoutMs: int('TW_RESET_TIMEOUT_SECONDS', 1, 3600) * 1000,
    ikeSasTimeoutMs: int('TW_IKESAS_TIMEOUT_SECONDS', 1, 600) * 1000,
    remediationQueue: raw('TW_REMEDIATION_QUEUE'),
    pollQueue: raw('TW_POLL_QUEUE'),
    tablePrefix: raw('TW_TABLE_PREFIX'),
    alertAad: tenantId ? { tenantId, audience, role: raw('TW_ALERT_AAD_ROLE') } : undefined,
    maxBodyBytes: int('TW_MAX_BODY_BYTES', 1024, 4 * 1024 * 1024),
    appServiceAuth: raw('WEBSITE_AUTH_ENABLED').toLowerCase() === 'true',
    metrics,
    ...(huawei && { huawei }),
  };
  if (problems.length > 0) {
    throw new TunnelwatchError(
      'CONFIG.INVALID',
      `Invalid configuration:\n- ${problems.join('\n- ')}`,
      false,
      { problems },
    );
  }
  return config;
}

/** TW_HUAWEI_*: undefined without scopes; with scopes, both keys and a valid endpoint and down set are required. */
function huaweiSettings(raw: (name: SettingName) => string, problems: string[]): HuaweiConfig | undefined {
  const entries = list(raw('TW_HUAWEI_SCOPES'));
  if (entries.length === 0) return undefined;
  const scopes: HuaweiRef[] = [];
  for (const entry of entries) {
    const [region, projectId, extra] = entry.split(':').map((part) => part.trim().toLowerCase());
    if (region && projectId && extra === undefined && isHuaweiSegment(region) && isHuaweiSegment(projectId)) scopes.push({ region, projectId });
    else problems.push(`TW_HUAWEI_SCOPES: '${entry}' is not <region>:<project_id>`);
  }
  const endpoint = raw('TW_HUAWEI_ENDPOINT');
  if (!/^https:\/\/[^\s/]+(\/.*)?$/.test(endpoint)) problems.push(`TW_HUAWEI_ENDPOINT must be an https URL (got '${endpoint}')`);
  const accessKey = raw('TW_HUAWEI_ACCESS_KEY');
  const secretKey = raw('TW_HUAWEI_SECRET_KEY');
  if (!accessKey || !secretKey) problems.push('TW_HUAWEI_ACCESS_KEY and TW_HUAWEI_SECRET_KEY are required when TW_HUAWEI_SCOPES is set');
  if (/^@Microsoft\.KeyVault\(/i.test(accessKey) || /^@Microsoft\.KeyVault\(/i.test(secretKey))
    problems.push('TW_HUAWEI_ACCESS_KEY / TW_HUAWEI_SECRET_KEY hold an unresolved Key Vault reference: grant the app\'s identity Key Vault Secrets User and check the secret names');
  const downStatuses = list(raw('TW_HUAWEI_DOWN_STATUSES')).map((s) => s.toUpperCase());
  for (const status of downStatuses) {
    if (!HUAWEI_DOWNABLE_STATUSES.includes(status)) problems.push(`TW_HUAWEI_DOWN_STATUSES: '${status}' is not one of ${HUAWEI_DOWNABLE_STATUSES.join(', ')}`);
  }
  if (downStatuses.length === 0) problems.push('TW_HUAWEI_DOWN_STATUSES must name at least one status');
  const caFile = raw('TW_HUAWEI_CA_FILE');
  return { scopes, endpoint: endpoint.replace(/\/+$/, ''), accessKey, secretKey, downStatuses, ...(caFile && { caFile }) };
}

/**
 * TW_STATUS_MAX_AGE_MINUTES=auto: with tunnel metrics a link's newest evidence is a 5-minute bucket's end, 3 to 8
 * minutes old when read (ingestion delay), so 5 minutes would call idle links unconfirmed half the time; without
 * metrics every confirmation is a list, a GET or traffic of this cycle, and 5 minutes holds.
 */
export const AUTO_STATUS_MAX_AGE_MS = { metricsOn: 10 * MINUTE, metricsOff: 5 * MINUTE } as const;

function autoStatusMaxAgeMs(metrics: MetricsConfig): number {
  return metrics.enabled ? AUTO_STATUS_MAX_AGE_MS.metricsOn : AUTO_STATUS_MAX_AGE_MS.metricsOff;
}

/** TW_METRICS / TW_METRICS_ENDPOINT; against the simulator (TW_ARM_CA_FILE) only an explicit endpoint turns metrics on. */
function metricsSettings(raw: (name: SettingName) => string, env: Env, problems: string[]): MetricsConfig {
  const mode = raw('TW_METRICS');
  if (mode !== 'on' && mode !== 'off') problems.push(`TW_METRICS must be one of on, off (got '${mode}')`);
  if (mode === 'off') return { enabled: false, offReason: 'TW_METRICS=off' };
  const endpoint = raw('TW_METRICS_ENDPOINT').replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/]+(\/.*)?$/.test(endpoint)) problems.push(`TW_METRICS_ENDPOINT must be an https URL (got '${endpoint}')`);
  if (raw('TW_ARM_CA_FILE') && !env.TW_METRICS_ENDPOINT?.trim()) return { enabled: false, offReason: 'no TW_METRICS_ENDPOINT for the development ARM endpoint' };
  return { enabled: true, endpoint };
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function storageSetting(env: Env): string {
  const direct = env.AzureWebJobsStorage?.trim();
  if (direct) return direct;
  const account = env.AzureWebJobsStorage__accountName?.trim();
  if (account)
    return `identity:https://${account}.table.core.windows.net|https://${account}.queue.core.windows.net`;
  const table = env.AzureWebJobsStorage__tableServiceUri?.trim();
  const queue = env.AzureWebJobsStorage__queueServiceUri?.trim();
  return table && queue ? `identity:${table}|${queue}` : '';
}
