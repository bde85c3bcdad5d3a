// The least-privilege custom role: exactly the ARM actions the code performs (tunnelwatch-role-actions.json,
// kept equal to src/adapters/arm/armOperations.ts by a test), no sharedKey action, no wildcard, no data actions.
targetScope = 'subscription'

@description('Suffix that keeps the role name unique in the tenant (one role per azd environment).')
param environmentName string

@description('Subscriptions and resource groups where the role may be assigned.')
param assignableScopes array

var roleActions = loadJsonContent('tunnelwatch-role-actions.json').actions

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'tunnelwatch-remediator', environmentName)
  properties: {
    roleName: 'tunnelwatch VPN remediator (${environmentName})'
    description: 'Reads VPN gateways, connections and link connections; resets a connection and reads its IKE SAs. Never reads shared keys.'
    type: 'CustomRole'
    assignableScopes: assignableScopes
    permissions: [
      {
        actions: roleActions
        notActions: []
      }
    ]
  }
}

output id string = role.id
