// Key Vault for the Huawei Cloud access key pair (TW_HUAWEI_ACCESS_KEY / TW_HUAWEI_SECRET_KEY): RBAC authorization
// only (no access policies), soft delete with purge protection. The app reads the secrets through Key Vault
// references resolved by the platform with its user-assigned identity; the values never appear in app settings,
// outputs or logs. Secrets are written here only when given at deployment; otherwise set them afterwards
// (`az keyvault secret set --vault-name <name> --name huawei-access-key --value …`, see docs/deploy.md).
param name string
param location string
param tags object = {}

@description('Secret names the app settings reference (TW_HUAWEI_ACCESS_KEY, TW_HUAWEI_SECRET_KEY).')
param accessKeySecretName string
param secretKeySecretName string

@secure()
param huaweiAccessKey string = ''

@secure()
param huaweiSecretKey string = ''

@description('Log Analytics workspace that receives the vault\'s audit log (every secret read and change, by whom).')
param logAnalyticsWorkspaceId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Reachable from all networks on purpose: Key Vault references are resolved by the platform from the app's
    // outbound addresses, which on Flex Consumption are neither fixed nor a trusted service. Closing the vault
    // needs VNet integration and a private endpoint (docs/deploy.md, "Network exposure"); access stays RBAC-only.
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }
}

// Every secret read and change, with the caller's identity and address, goes to the workspace (AzureDiagnostics).
resource auditLog 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-workspace'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'audit', enabled: true }]
  }
}

resource accessKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(huaweiAccessKey)) {
  parent: vault
  name: accessKeySecretName
  properties: { value: huaweiAccessKey }
}

resource secretKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(huaweiSecretKey)) {
  parent: vault
  name: secretKeySecretName
  properties: { value: huaweiSecretKey }
}

output name string = vault.name
