/**
 * Every setting tunnelwatch reads, with its default and meaning (ARCHITECTURE.md principle 5).
 * local.settings.sample.json, the docs/settings.md table and infra/ app settings are checked against this list by tests.
 */
export interface SettingDefinition {
  readonly name: string;
  /** The value used when the setting is absent; undefined = optional with no default. */
  readonly default?: string;
  readonly meaning: string;
  /** Set by the platform / infra rather than by an operator (still listed for completeness). */
  readonly platform?: boolean;
  /** Development only (the local simulator): never set in an Azure deployment; infra/ leaves it at its default. */
  readonly devOnly?: boolean;
}

export const SETTINGS = [
  {
    name: 'AzureWebJobsStorage',
    default: 'UseDevelopmentStorage=true',
    meaning:
      'Storage for the Functions host and tunnelwatch tables/queues: a connection string locally; in Azure, identity-based settings AzureWebJobsStorage__* are used instead.',
    platform: true,
  },
  {
    name: 'FUNCTIONS_WORKER_RUNTIME',
    default: 'node',
    meaning: 'Functions language worker.',
    platform: true,
  },
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING',
    meaning: 'Application Insights connection string; telemetry is loaded only when set.',
    platform: true,
  },
  {
    name: 'TW_SCOPES',
    meaning:
      'Comma-separated ARM scopes to watch: /subscriptions/<id>, /subscriptions/<id>/resourceGroups/<rg>, or gateway / connection resource ids.',
  },
  {
    name: 'TW_ARM_ENDPOINT',
    default: 'https://management.azure.com',
    meaning: 'Azure Resource Manager endpoint (the local simulator URL in development).',
    devOnly: true,
  },
  {
    name: 'TW_ARM_CA_FILE',
    meaning:
      'Development only: PEM file of the one extra certificate to trust for TW_ARM_ENDPOINT (the simulator). Empty in Azure.',
    devOnly: true,
  },
  {
    name: 'TW_ARM_DEV_TOKEN',
    meaning:
      'Development only: a static bearer token sent to TW_ARM_ENDPOINT instead of an Entra token (the simulator accepts any). Refused unless TW_ARM_CA_FILE is set too. Never set in Azure.',
    devOnly: true,
  },
  { name: 'TW_ARM_CONCURRENCY', default: '8', meaning: 'Maximum concurrent ARM requests per poll.' },
  {
    name: 'TW_ARM_READS_PER_MINUTE',
    default: '750',
    meaning:
      "Read budget per subscription per rolling minute for everything tunnelwatch sends to ARM (polls, remediation reads, LRO status reads); default half of ARM's 1,500 (25/s). Remediation keeps 10% for itself and polling 40% (docs/storage.md); poll shards each carry their share.",
  },
  {
    name: 'TW_POLL_SCHEDULE',
    default: '0 */1 * * * *',
    meaning: 'NCRONTAB schedule of the poll timer (6 fields, with seconds).',
  },
  {
    name: 'TW_SHARD_THRESHOLD_GATEWAYS',
    default: '50',
    meaning: 'Above this many gateways, the timer enqueues poll shards instead of polling inline.',
  },
  { name: 'TW_SHARD_SIZE_GATEWAYS', default: '10', meaning: 'Gateways per poll shard message.' },
  {
    name: 'TW_DOWN_STATUSES',
    default: 'NotConnected',
    meaning: 'Comma-separated statuses that count as down (NotConnected, Unknown, Connecting).',
  },
  {
    name: 'TW_HUAWEI_SCOPES',
    meaning:
      'Huawei Cloud projects to watch, comma-separated `<region>:<project_id>` (e.g. ap-southeast-1:0a1b…). Empty: no Huawei Cloud; nothing changes for Azure.',
  },
  {
    name: 'TW_HUAWEI_ENDPOINT',
    default: 'https://vpn.{region}.myhuaweicloud.com',
    meaning: 'Huawei Cloud VPN API endpoint; `{region}` is replaced by each scope\'s region (the simulator: its own https URL).',
  },
  {
    name: 'TW_HUAWEI_ACCESS_KEY',
    meaning:
      'Huawei Cloud access key (AK) that signs VPN API requests; required with TW_HUAWEI_SCOPES. In Azure a Key Vault reference (infra/); never logged, stored or returned.',
  },
  {
    name: 'TW_HUAWEI_SECRET_KEY',
    meaning:
      'Huawei Cloud secret key (SK) of TW_HUAWEI_ACCESS_KEY; required with TW_HUAWEI_SCOPES. In Azure a Key Vault reference (infra/); never logged, stored or returned.',
  },
  {
    name: 'TW_HUAWEI_DOWN_STATUSES',
    default: 'DOWN',
    meaning:
      'Comma-separated Huawei connection statuses that count as down and may be reset (DOWN). ERROR (failed provisioning) is always not connected and escalated, never reset; PENDING_*, FREEZED and UNKNOWN connections are never down and never reset.',
  },
  {
    name: 'TW_HUAWEI_CA_FILE',
    meaning: 'Development only: PEM file of the one extra certificate to trust for TW_HUAWEI_ENDPOINT (the simulator). Empty in Azure.',
    devOnly: true,
  },
  {
    name: 'TW_STUCK_THRESHOLD_MINUTES',
    default: '5',
    meaning: 'A link down this long is stuck: an incident opens and one remediation request is queued.',
  },
  {
    name: 'TW_STATUS_MAX_AGE_MINUTES',
    default: 'auto',
    meaning:
      'A link whose status no list, GET, traffic or tunnel metric confirmed for this long reads Unknown (unconfirmed: budget, throttled, forbidden, error or stale), and the cycle reports how many such links there are. auto: 10 minutes when tunnel metrics are on (a 5-minute bucket is 3 to 8 minutes old when it is read), 5 when they are off; or a number of minutes.',
  },
  {
    name: 'TW_METRICS',
    default: 'on',
    meaning:
      'on: Azure Monitor tunnel metrics (one batch call per 50 gateways and 5-minute bucket) confirm idle vWAN and classic links, and status GETs go to suspects (docs/metrics.md); off: lists, GETs and counters only. Needs Monitoring Reader (Microsoft.Insights/metrics/read).',
  },
  {
    name: 'TW_METRICS_ENDPOINT',
    default: 'https://{region}.metrics.monitor.azure.com',
    meaning:
      'Azure Monitor metrics batch endpoint; {region} is the gateways\' region. With TW_ARM_CA_FILE (the simulator) metrics stay off unless this is set (to the simulator URL).',
  },
  {
    name: 'TW_SNAPSHOT_PARTITIONS',
    default: '4',
    meaning:
      "Development only: partitions per day of the snapshot table (1-64). The local stack sets 64, because Azurite's insert cost grows with the rows already in the partition and Table Storage's does not (docs/storage.md); in Azure more partitions only cost more transactions per cycle. Changing it hides older snapshots from link history until they expire.",
    devOnly: true,
  },
  {
    name: 'TW_SNAPSHOT_RETENTION_DAYS',
    default: '30',
    meaning: 'Snapshots older than this are deleted by the daily retention timer (whole daily tables).',
  },
  {
    name: 'TW_HISTORY_RETENTION_DAYS',
    default: '90',
    meaning:
      'Status transitions, hourly rollups and poll-run rows older than this are deleted by the daily retention timer (whole 10-day tables).',
  },
  {
    name: 'TW_AUDIT_RETENTION_DAYS',
    default: '90',
    meaning: 'Remediation audit rows older than this are deleted by the daily retention timer.',
  },
  {
    name: 'TW_ALERT_DEDUP_RETENTION_DAYS',
    default: '7',
    meaning:
      'Webhook delivery dedup rows older than this are deleted by the daily retention timer (Azure Monitor retries a delivery within minutes).',
  },
  {
    name: 'TW_REMEDIATION_MODE',
    default: 'dry-run',
    meaning:
      'enabled (reset for real), dry-run (decide and audit, never reset) or disabled (kill switch: do nothing).',
  },
  {
    name: 'TW_RESET_COOLDOWN_MINUTES',
    default: '30',
    meaning: 'Minimum time between two resets of the same link.',
  },
  {
    name: 'TW_MAX_ATTEMPTS_PER_INCIDENT',
    default: '3',
    meaning: 'Resets tried per incident before it is quarantined for a human.',
  },
  {
    name: 'TW_RESET_BUDGET_PER_HOUR',
    default: '10',
    meaning: 'Maximum resets per rolling hour across the whole fleet.',
  },
  {
    name: 'TW_BLAST_RADIUS_PERCENT',
    default: '50',
    meaning:
      "If at least this share of a gateway's links (or of all links) is down, do not reset: escalate as an upstream outage.",
  },
  {
    name: 'TW_POSTCHECK_DELAY_MINUTES',
    default: '5',
    meaning: 'How long after a reset the post-check reads the link again.',
  },
  {
    name: 'TW_RESET_TIMEOUT_SECONDS',
    default: '300',
    meaning: 'Upper bound for polling the ResetConnection long-running operation.',
  },
  {
    name: 'TW_IKESAS_TIMEOUT_SECONDS',
    default: '20',
    meaning: 'Upper bound for the best-effort GetIkeSas evidence read started with a reset (never awaited before its POST).',
  },
  {
    name: 'TW_REMEDIATION_QUEUE',
    default: 'remediation-requests',
    meaning: 'Queue of remediation requests.',
  },
  { name: 'TW_POLL_QUEUE', default: 'poll-shards', meaning: 'Queue of poll shards (scale-out mode).' },
  {
    name: 'TW_TABLE_PREFIX',
    default: 'tw',
    meaning: 'Prefix of every table tunnelwatch creates (lets several deployments share one account).',
  },
  {
    name: 'TW_ALERT_AAD_TENANT_ID',
    meaning:
      'When set, POST /api/alerts also requires an Entra ID bearer token from this tenant (Azure Monitor secure webhook).',
  },
  {
    name: 'TW_ALERT_AAD_AUDIENCE',
    meaning: 'Expected audience (application ID URI or client id) of secure-webhook tokens.',
  },
  {
    name: 'TW_ALERT_AAD_ROLE',
    default: 'ActionGroupsSecureWebhook',
    meaning: 'App role the secure-webhook token must carry.',
  },
  { name: 'TW_MAX_BODY_BYTES', default: '262144', meaning: 'Largest accepted HTTP request body.' },
  {
    name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT',
    meaning:
      'Largest request body the Functions host itself accepts, in bytes (infra/ sets 1048576; the host default is 100 MB). The local host honours it too.',
    platform: true,
  },
  {
    name: 'WEBSITE_AUTH_ENABLED',
    meaning:
      'Set by App Service when App Service authentication is on; only then is x-ms-client-principal-name trusted as the operator of POST /api/links/{key}/reset.',
    platform: true,
  },
] as const satisfies readonly SettingDefinition[];

export type SettingName = (typeof SETTINGS)[number]['name'];
