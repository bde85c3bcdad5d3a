// Example action group: Azure Monitor alerts on VPN gateways call tunnelwatch's /api/alerts through a
// secure webhook (Entra token) that also carries the function key. Deployed only once the function key and
// the Entra app registration exist (two-step wiring, docs/deploy.md).
param name string
param location string = 'global'
param tags object = {}

@description('Default host name of the function app (Flex apps may not be <app>.azurewebsites.net).')
param functionHostName string

@secure()
@description('Function key for /api/alerts (az functionapp function keys list ... --function-name alerts).')
param alertsFunctionKey string

@description('Object id of the Entra app registration that protects the webhook.')
param webhookAppObjectId string

@description('Application ID URI of that app registration (the token audience).')
param webhookIdentifierUri string

@description('Tenant of that app registration.')
param webhookTenantId string

resource actionGroup 'Microsoft.Insights/actionGroups@2022-04-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    groupShortName: 'tunnelwatch'
    enabled: true
    webhookReceivers: [
      {
        name: 'tunnelwatch-alerts'
        serviceUri: 'https://${functionHostName}/api/alerts?code=${alertsFunctionKey}'
        useCommonAlertSchema: true
        useAadAuth: true
        objectId: webhookAppObjectId
        identifierUri: webhookIdentifierUri
        tenantId: webhookTenantId
      }
    ]
  }
}

output id string = actionGroup.id
