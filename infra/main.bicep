// tunnelwatch on Azure: `azd up` provisions this (subscription scope) and deploys the function app.
// Managed identity only, no keys; a custom role with exactly the ARM actions the code performs, assigned at
// the monitored scopes; remediation in dry-run until `remediationMode` says otherwise. Guide: docs/deploy.md.
targetScope = 'subscription'

// ---------- environment ----------

@minLength(1)
@maxLength(64)
@description('azd environment name; used for the resource group name and a unique suffix of every resource.')
param environmentName string

@minLength(1)
@description('Region of every resource (must offer the Flex Consumption plan).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Resource group to create; empty = rg-<environmentName>.')
param resourceGroupName string = ''

// ---------- what to watch and how to act (TW_* app settings; defaults equal src/config/settings.ts) ----------

@description('ARM scopes to watch (TW_SCOPES): subscription, resource group, or vpnGateways / vpnConnections / connections resource ids. Entries may also be comma-separated lists. Required unless only Huawei Cloud is watched (huaweiScopes): the reset rights are granted at exactly these scopes, never at a default. The custom role is assigned at each scope.')
param monitoredScopes array = []

@allowed(['enabled', 'dry-run', 'disabled'])
@description('TW_REMEDIATION_MODE: dry-run decides and audits but never resets; enabled resets for real; disabled is the kill switch.')
param remediationMode string = 'dry-run'

@description('TW_ARM_CONCURRENCY: maximum concurrent ARM requests per poll.')
param armConcurrency int = 8

@description('TW_ARM_READS_PER_MINUTE: read budget per subscription per rolling minute (default half of ARM\'s 1,500).')
param armReadsPerMinute int = 750

@description('TW_POLL_SCHEDULE: NCRONTAB schedule of the poll timer (6 fields, with seconds).')
param pollSchedule string = '0 */1 * * * *'

@description('TW_SHARD_THRESHOLD_GATEWAYS: above this many gateways the timer enqueues poll shards.')
param shardThresholdGateways int = 50

@description('TW_SHARD_SIZE_GATEWAYS: gateways per poll shard message.')
param shardSizeGateways int = 10

@description('TW_DOWN_STATUSES: comma-separated statuses that count as down (NotConnected, Unknown, Connecting).')
param downStatuses string = 'NotConnected'

@description('TW_STUCK_THRESHOLD_MINUTES: a link down this long is stuck (incident + one remediation request).')
param stuckThresholdMinutes int = 5

@description('TW_STATUS_MAX_AGE_MINUTES: a link status not confirmed (list, GET, traffic or tunnel metric) for this long reads Unknown; auto = 10 with metrics on, 5 with metrics off.')
param statusMaxAgeMinutes string = 'auto'

@description('TW_METRICS: on = Azure Monitor tunnel metrics confirm idle links (the role grants Microsoft.Insights/metrics/read); off = lists, GETs and counters only.')
@allowed(['on', 'off'])
param metricsMode string = 'on'

@description('TW_METRICS_ENDPOINT: the Azure Monitor metrics batch endpoint; {region} is the gateways\' region.')
param metricsEndpoint string = 'https://{region}.metrics.monitor.azure.com'

@description('TW_SNAPSHOT_RETENTION_DAYS: snapshots older than this are deleted.')
param snapshotRetentionDays int = 30
@description('TW_HISTORY_RETENTION_DAYS: status transitions, hourly rollups and poll-run rows older than this are deleted.')
param historyRetentionDays int = 90

@description('TW_AUDIT_RETENTION_DAYS: remediation audit rows older than this are deleted daily.')
param auditRetentionDays int = 90

@description('TW_ALERT_DEDUP_RETENTION_DAYS: webhook delivery dedup rows older than this are deleted daily.')
param alertDedupRetentionDays int = 7

@description('TW_RESET_COOLDOWN_MINUTES: minimum time between two resets of the same link.')
param resetCooldownMinutes int = 30

@description('TW_MAX_ATTEMPTS_PER_INCIDENT: resets per incident before it is quarantined for a human.')
param maxAttemptsPerIncident int = 3

@description('TW_RESET_BUDGET_PER_HOUR: maximum resets per rolling hour across the fleet.')
param resetBudgetPerHour int = 10

@description('TW_BLAST_RADIUS_PERCENT: at or above this share of links down, escalate as an outage instead of resetting.')
param blastRadiusPercent int = 50

@description('TW_POSTCHECK_DELAY_MINUTES: delay before the post-check reads a reset link again.')
param postcheckDelayMinutes int = 5

@description('TW_RESET_TIMEOUT_SECONDS: upper bound for polling the ResetConnection long-running operation.')
param resetTimeoutSeconds int = 300

@description('TW_IKESAS_TIMEOUT_SECONDS: upper bound for the best-effort GetIkeSas evidence call.')
param ikesasTimeoutSeconds int = 20

@description('TW_REMEDIATION_QUEUE: queue of remediation requests.')
param remediationQueue string = 'remediation-requests'

@description('TW_POLL_QUEUE: queue of poll shards.')
param pollQueue string = 'poll-shards'

@description('TW_TABLE_PREFIX: prefix of every table tunnelwatch creates.')
param tablePrefix string = 'tw'

@description('TW_MAX_BODY_BYTES: largest accepted HTTP request body.')
param maxBodyBytes int = 262144

@description('TW_ALERT_AAD_TENANT_ID: when set, /api/alerts also requires an Entra token from this tenant (secure webhook).')
param alertAadTenantId string = ''

@description('TW_ALERT_AAD_AUDIENCE: Application ID URI (or client id) of the app registration that protects /api/alerts.')
param alertAadAudience string = ''

@description('TW_ALERT_AAD_ROLE: app role the secure-webhook token must carry.')
param alertAadRole string = 'ActionGroupsSecureWebhook'

// ---------- Huawei Cloud VPN connections (optional; see README "Huawei Cloud") ----------

@description('TW_HUAWEI_SCOPES: Huawei Cloud projects to watch, comma-separated <region>:<project_id>. Empty = none (no Key Vault is created).')
param huaweiScopes string = ''

@description('TW_HUAWEI_ENDPOINT: Huawei Cloud VPN API endpoint template ({region} is replaced per scope).')
param huaweiEndpoint string = 'https://vpn.{region}.myhuaweicloud.com'

@description('TW_HUAWEI_DOWN_STATUSES: Huawei connection statuses that count as down and may be reset (DOWN); ERROR is always escalated.')
param huaweiDownStatuses string = 'DOWN'

@secure()
@description('Huawei Cloud access key (AK), stored in the Key Vault when given; the app setting is a Key Vault reference.')
param huaweiAccessKey string = ''

@secure()
@description('Huawei Cloud secret key (SK), stored in the Key Vault when given; the app setting is a Key Vault reference.')
param huaweiSecretKey string = ''

// ---------- alert wiring (step 2, see docs/deploy.md) ----------

@description('Deploy the example action group with a secure webhook to /api/alerts. Needs alertsFunctionKey, alertWebhookAppObjectId and alertAadAudience, which exist only after a first deployment.')
param deployAlertWiring bool = false

@secure()
@description('Function key of the alerts function (step 2 only).')
param alertsFunctionKey string = ''

@description('Object id of the Entra app registration that protects the webhook (step 2 only).')
param alertWebhookAppObjectId string = ''

@description('Optional e-mail address for the quarantine and poll-failure alerts.')
param alertEmail string = ''

// ---------- names ----------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-tw-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'

// ---------- monitored scopes ----------

// Accept ['a', 'b'] as well as ['a,b'] (azd passes one environment value); drop empties.
var requestedScopes = map(filter(split(join(monitoredScopes, ','), ','), s => !empty(trim(s))), s => trim(s))
// Reset rights are granted at each scope: an empty list fails the deployment instead of defaulting to the whole
// subscription, unless the deployment watches Huawei Cloud only (then no ARM scope and no ARM grant at all).
var emptyScopesMessage = 'monitoredScopes (TW_SCOPES) is empty: name the subscriptions, resource groups or VPN resources to watch (azd env set TW_SCOPES ...), or set huaweiScopes (TW_HUAWEI_SCOPES) for a Huawei-only deployment.'
var watchedScopes = empty(requestedScopes) && !watchesHuawei ? fail(emptyScopesMessage) : requestedScopes
var subscriptionScopes = filter(watchedScopes, s => length(split(s, '/')) == 3)
var resourceGroupScopes = filter(watchedScopes, s => length(split(s, '/')) == 5)
var resourceScopes = filter(watchedScopes, s => length(split(s, '/')) > 5)
var assignableResourceKinds = ['vpngateways', 'connections', 'vpngateways/vpnconnections']
var resourceKind = map(resourceScopes, s => toLower(length(split(s, '/')) >= 11 ? '${split(s, '/')[7]}/${split(s, '/')[9]}' : split(s, '/')[7]))
var roleAssignableScopes = union([subscription().id], map(watchedScopes, s => join(take(split(s, '/'), length(split(s, '/')) >= 5 ? 5 : 3), '/')))
// The resource group of each resource-level scope, once (lower-cased: ids compare case-insensitively). The
// async-operation status reads are granted there (RBAC rule in docs/deploy.md): a role on the resource alone cannot
// read the status of a reset it started.
var resourceScopeGroups = union(map(resourceScopes, s => toLower(join(take(split(s, '/'), 5), '/'))), [])

// ---------- the app's own settings ----------

// Huawei keys live in Key Vault; the app settings only reference them (resolved by the platform with the identity).
var watchesHuawei = !empty(trim(huaweiScopes))
var keyVaultName = 'kv-tw-${resourceToken}'
var huaweiAccessKeySecretName = 'huawei-access-key'
var huaweiSecretKeySecretName = 'huawei-secret-key'

// The secure webhook's tokens are checked by the app exactly when the action group sends them: wiring the webhook
// sets the tenant the app expects to the one the action group uses (the audience is alertAadAudience for both).
var alertWebhookTenantId = !empty(alertAadTenantId) ? alertAadTenantId : (deployAlertWiring ? tenant().tenantId : '')

var tunnelwatchSettings = {
  TW_SCOPES: join(watchedScopes, ',')
  TW_REMEDIATION_MODE: remediationMode
  TW_ARM_CONCURRENCY: string(armConcurrency)
  TW_ARM_READS_PER_MINUTE: string(armReadsPerMinute)
  TW_POLL_SCHEDULE: pollSchedule
  TW_SHARD_THRESHOLD_GATEWAYS: string(shardThresholdGateways)
  TW_SHARD_SIZE_GATEWAYS: string(shardSizeGateways)
  TW_DOWN_STATUSES: downStatuses
  TW_STUCK_THRESHOLD_MINUTES: string(stuckThresholdMinutes)
  TW_STATUS_MAX_AGE_MINUTES: statusMaxAgeMinutes
  TW_METRICS: metricsMode
  TW_METRICS_ENDPOINT: metricsEndpoint
  TW_SNAPSHOT_RETENTION_DAYS: string(snapshotRetentionDays)
  TW_HISTORY_RETENTION_DAYS: string(historyRetentionDays)
  TW_AUDIT_RETENTION_DAYS: string(auditRetentionDays)
  TW_ALERT_DEDUP_RETENTION_DAYS: string(alertDedupRetentionDays)
  TW_RESET_COOLDOWN_MINUTES: string(resetCooldownMinutes)
  TW_MAX_ATTEMPTS_PER_INCIDENT: string(maxAttemptsPerIncident)
  TW_RESET_BUDGET_PER_HOUR: string(resetBudgetPerHour)
  TW_BLAST_RADIUS_PERCENT: string(blastRadiusPercent)
  TW_POSTCHECK_DELAY_MINUTES: string(postcheckDelayMinutes)
  TW_RESET_TIMEOUT_SECONDS: string(resetTimeoutSeconds)
  TW_IKESAS_TIMEOUT_SECONDS: string(ikesasTimeoutSeconds)
  TW_REMEDIATION_QUEUE: remediationQueue
  TW_POLL_QUEUE: pollQueue
  TW_TABLE_PREFIX: tablePrefix
  TW_MAX_BODY_BYTES: string(maxBodyBytes)
  TW_ALERT_AAD_TENANT_ID: alertWebhookTenantId
  TW_ALERT_AAD_AUDIENCE: alertAadAudience
  TW_ALERT_AAD_ROLE: alertAadRole
  TW_HUAWEI_SCOPES: huaweiScopes
  TW_HUAWEI_ENDPOINT: huaweiEndpoint
  TW_HUAWEI_DOWN_STATUSES: huaweiDownStatuses
  TW_HUAWEI_ACCESS_KEY: watchesHuawei ? '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${huaweiAccessKeySecretName})' : ''
  TW_HUAWEI_SECRET_KEY: watchesHuawei ? '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${huaweiSecretKeySecretName})' : ''
}

// ---------- resources ----------

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/userAssignedIdentity.bicep' = {
  name: 'identity'
  scope: rg
  params: { name: 'id-tw-${resourceToken}', location: location, tags: tags }
}

module storage 'core/storage/storageAccount.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'sttw${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-tw-${resourceToken}'
    applicationInsightsName: 'appi-tw-${resourceToken}'
    location: location
    tags: tags
  }
}

module api 'core/host/functionsFlexConsumption.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-tw-${resourceToken}'
    location: location
    tags: tags
    runtimeName: 'node'
    runtimeVersion: '22'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    appSettings: tunnelwatchSettings
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: identity.outputs.principalId
  }
}

module keyVault 'core/security/keyVault.bicep' = if (watchesHuawei) {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    accessKeySecretName: huaweiAccessKeySecretName
    secretKeySecretName: huaweiSecretKeySecretName
    huaweiAccessKey: huaweiAccessKey
    huaweiSecretKey: huaweiSecretKey
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

module keyVaultReader 'app/keyVaultSecretsReader.bicep' = if (watchesHuawei) {
  name: 'keyvault-reader'
  scope: rg
  params: { keyVaultName: keyVaultName, principalId: identity.outputs.principalId }
  dependsOn: [keyVault]
}

module role 'app/tunnelwatchRole.bicep' = {
  name: 'tunnelwatch-role'
  params: { environmentName: environmentName, assignableScopes: roleAssignableScopes }
}

module roleOnSubscriptions 'app/roleAssignmentAtSubscription.bicep' = [
  for scope in subscriptionScopes: {
    name: 'tw-role-${uniqueString(scope)}'
    scope: subscription(split(scope, '/')[2])
    params: { principalId: identity.outputs.principalId, roleDefinitionId: role.outputs.id }
  }
]

module roleOnResourceGroups 'app/roleAssignmentAtResourceGroup.bicep' = [
  for scope in resourceGroupScopes: {
    name: 'tw-role-${uniqueString(scope)}'
    scope: resourceGroup(split(scope, '/')[2], split(scope, '/')[4])
    params: { principalId: identity.outputs.principalId, roleDefinitionId: role.outputs.id }
  }
]

module roleOnResources 'app/roleAssignmentAtResource.bicep' = [
  for (scope, i) in resourceScopes: if (contains(assignableResourceKinds, resourceKind[i])) {
    name: 'tw-role-${uniqueString(scope)}'
    scope: resourceGroup(split(scope, '/')[2], split(scope, '/')[4])
    params: { resourceId: scope, principalId: identity.outputs.principalId, roleDefinitionId: role.outputs.id }
  }
]

module statusRole 'app/operationStatusRole.bicep' = {
  name: 'tunnelwatch-status-role'
  params: { environmentName: environmentName, assignableScopes: roleAssignableScopes }
}

module statusReadOnResourceGroups 'app/roleAssignmentAtResourceGroup.bicep' = [
  for scope in resourceScopeGroups: {
    name: 'tw-status-${uniqueString(scope)}'
    scope: resourceGroup(split(scope, '/')[2], split(scope, '/')[4])
    params: { principalId: identity.outputs.principalId, roleDefinitionId: statusRole.outputs.id }
  }
]

module alertWiring 'app/alertWiring.bicep' = if (deployAlertWiring) {
  name: 'alert-wiring'
  scope: rg
  params: {
    name: 'ag-tw-${resourceToken}'
    tags: tags
    functionHostName: api.outputs.defaultHostName
    alertsFunctionKey: alertsFunctionKey
    webhookAppObjectId: alertWebhookAppObjectId
    webhookIdentifierUri: alertAadAudience
    webhookTenantId: alertWebhookTenantId
  }
}

module operatorAlerts 'app/operatorAlerts.bicep' = {
  name: 'operator-alerts'
  scope: rg
  params: {
    namePrefix: 'tw-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    actionGroupIds: deployAlertWiring ? [alertWiring.outputs.id] : []
    alertEmail: alertEmail
  }
}

module workbook 'app/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: { location: location, tags: tags, applicationInsightsId: monitoring.outputs.applicationInsightsId }
}

// ---------- outputs (named like the settings they feed; azd stores them in the environment) ----------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output TUNNELWATCH_MONITORED_SCOPES string = join(watchedScopes, ',')
output TUNNELWATCH_ROLE_DEFINITION_ID string = role.outputs.id
output TUNNELWATCH_ALERTS_ACTION_GROUP_ID string = deployAlertWiring ? alertWiring.outputs.id : ''
@description('Resource scopes of a type the role cannot be assigned to here (e.g. virtualNetworkGateways): assign it by hand, see docs/deploy.md.')
output TUNNELWATCH_SCOPES_WITHOUT_ROLE array = filter(resourceScopes, s => !contains(assignableResourceKinds, toLower(length(split(s, '/')) >= 11 ? '${split(s, '/')[7]}/${split(s, '/')[9]}' : split(s, '/')[7])))
