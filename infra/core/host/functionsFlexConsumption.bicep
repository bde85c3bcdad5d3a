// A Linux function app on the Flex Consumption plan (FC1), running as a user-assigned identity.
// The host reaches storage with that identity (AzureWebJobsStorage__*), never with a key.
param name string
param planName string
param location string = resourceGroup().location
param tags object = {}

@description('Tag azd uses to find the app it deploys the `api` service to.')
param serviceName string = 'api'

@allowed(['node'])
param runtimeName string = 'node'
// Node 20 reached end of life on 2026-04-30; 22 is the only version deployed.
@allowed(['22'])
param runtimeVersion string = '22'
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 40

param identityId string
param identityClientId string
param blobServiceUri string
param queueServiceUri string
param tableServiceUri string
param deploymentContainerName string
param applicationInsightsConnectionString string

@description('The application\'s own settings (TW_*), merged over the platform settings below.')
param appSettings object = {}

// Platform and identity settings: how the host and the SDKs find storage and telemetry with the identity.
var platformSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobServiceUri
  AzureWebJobsStorage__queueServiceUri: queueServiceUri
  AzureWebJobsStorage__tableServiceUri: tableServiceUri
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  // The Node worker's heap cap; the poll works in bounded chunks, and `npm run bench` measures it with these arguments.
  languageWorkers__node__arguments: loadJsonContent('../../app/node-worker.json').languageWorkers__node__arguments
  // Host-level body cap (the host default is 100 MB); the routes themselves accept at most TW_MAX_BODY_BYTES.
  FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1048576'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in app settings (the Huawei keys) resolve with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: { minTlsVersion: '1.2', ftpsState: 'Disabled' }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobServiceUri}/${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: { name: runtimeName, version: runtimeVersion }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(platformSettings, appSettings)
  }
}

// Deployment uses the managed identity; SCM and FTP basic (user name + password) publishing stay off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: { allow: false }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: { allow: false }
}

output name string = functionApp.name
output id string = functionApp.id
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
