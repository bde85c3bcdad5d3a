// A second, tiny custom role: reading the status of Microsoft.Network long-running operations. Assigned at the
// resource group of every resource-level monitored scope, because ARM checks the status URL
// (/subscriptions/{s}/providers/Microsoft.Network/locations/{region}/operations…) against the resource group or
// above, never against the resource a reset was started on: with the main role on the resource only, every
// status poll answers 403 and a reset ARM accepted would look failed. test/infra/statusReadGrant.test.ts holds
// these actions to ARM_OPERATIONS' Network_Locations_* entries.
targetScope = 'subscription'

@description('Suffix that keeps the role name unique in the tenant (one role per azd environment).')
param environmentName string

@description('Subscriptions and resource groups where the role may be assigned.')
param assignableScopes array

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'tunnelwatch-operation-status', environmentName)
  properties: {
    roleName: 'tunnelwatch operation status reader (${environmentName})'
    description: 'Reads the status of Microsoft.Network asynchronous operations (a reset started by tunnelwatch). Nothing else.'
    type: 'CustomRole'
    assignableScopes: assignableScopes
    permissions: [
      {
        actions: [
          'Microsoft.Network/locations/operations/read'
          'Microsoft.Network/locations/operationResults/read'
        ]
        notActions: []
      }
    ]
  }
}

output id string = role.id
