// Assigns a role to the app's identity on one VPN resource (a monitored scope given as a resource id).
// Bicep needs the resource type at compile time, so the supported types are listed; main.bicep outputs any
// resource scope of another type (TUNNELWATCH_SCOPES_WITHOUT_ROLE) for a manual assignment (docs/deploy.md).
param resourceId string
param principalId string
param roleDefinitionId string

// /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/{type}/{name}[/{childType}/{childName}]
// Padded so the child segments exist even for a top-level resource.
var segments = concat(split(resourceId, '/'), ['', ''])
var kind = toLower(empty(segments[9]) ? segments[7] : '${segments[7]}/${segments[9]}')
var assignmentName = guid(resourceId, principalId, roleDefinitionId)
var properties = {
  roleDefinitionId: roleDefinitionId
  principalId: principalId
  principalType: 'ServicePrincipal'
}

resource vpnGateway 'Microsoft.Network/vpnGateways@2023-11-01' existing = if (kind == 'vpngateways') {
  name: segments[8]
}

resource vpnConnection 'Microsoft.Network/vpnGateways/vpnConnections@2023-11-01' existing = if (kind == 'vpngateways/vpnconnections') {
  name: '${segments[8]}/${segments[10]}'
}

resource connection 'Microsoft.Network/connections@2023-11-01' existing = if (kind == 'connections') {
  name: segments[8]
}

resource onVpnGateway 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (kind == 'vpngateways') {
  name: assignmentName
  scope: vpnGateway
  properties: properties
}

resource onVpnConnection 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (kind == 'vpngateways/vpnconnections') {
  name: assignmentName
  scope: vpnConnection
  properties: properties
}

resource onConnection 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (kind == 'connections') {
  name: assignmentName
  scope: connection
  properties: properties
}
