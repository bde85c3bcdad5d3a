// Storage for the Functions host and tunnelwatch's tables and queues. Entra ID only: shared keys are off,
// so a leaked connection string is useless and nothing in infra/ ever lists keys.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Log Analytics workspace that receives the blob, queue and table access logs (StorageBlobLogs, StorageQueueLogs, StorageTableLogs).')
param logAnalyticsWorkspaceId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Reachable from all networks on purpose: a Flex Consumption app without VNet integration reaches storage from
    // outbound addresses that are not fixed, so an IP rule would lock the host out. Access is Entra-only (no shared
    // key); closing the account needs VNet integration and private endpoints (docs/deploy.md, "Network exposure").
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: { publicAccess: 'None' }
    }
  }

  resource queueServices 'queueServices' = {
    name: 'default'
  }

  resource tableServices 'tableServices' = {
    name: 'default'
  }
}

// Who read, wrote or deleted what, per service (the identity and address of every request) in the workspace.
var accessLogs = [
  { category: 'StorageRead', enabled: true }
  { category: 'StorageWrite', enabled: true }
  { category: 'StorageDelete', enabled: true }
]

resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-workspace'
  scope: storage::blobServices
  properties: { workspaceId: logAnalyticsWorkspaceId, logs: accessLogs }
}

resource queueAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-workspace'
  scope: storage::queueServices
  properties: { workspaceId: logAnalyticsWorkspaceId, logs: accessLogs }
}

resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-workspace'
  scope: storage::tableServices
  properties: { workspaceId: logAnalyticsWorkspaceId, logs: accessLogs }
}

output id string = storage.id
output name string = storage.name
// Built from the cloud's storage suffix (no trailing slash), so the app and the host read the same URIs.
output blobServiceUri string = 'https://${storage.name}.blob.${environment().suffixes.storage}'
output queueServiceUri string = 'https://${storage.name}.queue.${environment().suffixes.storage}'
output tableServiceUri string = 'https://${storage.name}.table.${environment().suffixes.storage}'
