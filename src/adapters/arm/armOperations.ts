import type { PermissionNeeds } from '../../core/permissions/assessPermissions';

/**
 * Every ARM operation tunnelwatch performs, with the RBAC action it needs.
 * The ARM adapter may only call operations listed here (it looks them up by id), and infra/ grants exactly
 * these actions in the custom role; tests hold the three together.
 */
export const ARM_OPERATIONS = {
  VpnGateways_List: 'Microsoft.Network/vpnGateways/read',
  VpnGateways_ListByResourceGroup: 'Microsoft.Network/vpnGateways/read',
  VpnGateways_Get: 'Microsoft.Network/vpnGateways/read',
  VpnConnections_ListByVpnGateway: 'Microsoft.Network/vpnGateways/vpnConnections/read',
  VpnConnections_Get: 'Microsoft.Network/vpnGateways/vpnConnections/read',
  VpnLinkConnections_ListByVpnConnection:
    'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/read',
  VpnSiteLinkConnections_Get: 'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/read',
  VpnLinkConnections_ResetConnection:
    'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/resetconnection/action',
  VpnLinkConnections_GetIkeSas:
    'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/getikesas/action',
  VirtualNetworkGatewayConnections_List: 'Microsoft.Network/connections/read',
  VirtualNetworkGatewayConnections_Get: 'Microsoft.Network/connections/read',
  VirtualNetworkGatewayConnections_ResetConnection: 'Microsoft.Network/connections/resetconnection/action',
  VirtualNetworkGatewayConnections_GetIkeSas: 'Microsoft.Network/connections/getikesas/action',
  VirtualNetworkGateways_ListConnections: 'Microsoft.Network/virtualNetworkGateways/read',
  /** The classic gateway's provisioningState, for the "gateway updating" guard. */
  VirtualNetworkGateways_Get: 'Microsoft.Network/virtualNetworkGateways/read',
  /** The VPN sites with their links' addresses: the far end of each vWAN tunnel (pairs it with its peer). */
  VpnSites_List: 'Microsoft.Network/vpnSites/read',
  /** Finds the resource groups that hold classic connections when the scope is a whole subscription. */
  Resources_List: 'Microsoft.Resources/subscriptions/resources/read',
  /** Polling long-running operations (Location / Azure-AsyncOperation URLs under locations/). */
  Network_Locations_OperationResults: 'Microsoft.Network/locations/operationResults/read',
  Network_Locations_Operations: 'Microsoft.Network/locations/operations/read',
  /** The permission check (`doctor`): what the app's identity may do at a configured scope. */
  Permissions_ListForSubscription: 'Microsoft.Authorization/permissions/read',
  Permissions_ListForResourceGroup: 'Microsoft.Authorization/permissions/read',
  Permissions_ListForResource: 'Microsoft.Authorization/permissions/read',
} as const;

export type ArmOperationId = keyof typeof ARM_OPERATIONS;

/**
 * Reads no operation of ours names but ARM checks all the same: Resources_List returns only the resources the caller
 * may read, so without these the VPN sites (and their opt-out tags) are silently missing from the list.
 */
export const LISTED_RESOURCE_READS = ['Microsoft.Network/vpnSites/read'] as const;

/** Azure Monitor's metrics batch API (azureMonitorMetrics.ts) checks this on every gateway it reads (Monitoring Reader has it). */
export const METRICS_READS = ['Microsoft.Insights/metrics/read'] as const;

/** Every action tunnelwatch's custom role grants: the operations' actions, deduplicated, the listed-resource and metrics reads. */
export const ROLE_ACTIONS: readonly string[] = [...new Set<string>([...Object.values(ARM_OPERATIONS), ...LISTED_RESOURCE_READS, ...METRICS_READS])];

const actionsOf = (ids: readonly ArmOperationId[]): string[] => [...new Set(ids.map((id) => ARM_OPERATIONS[id]))];
const RESET: readonly ArmOperationId[] = ['VpnLinkConnections_ResetConnection', 'VirtualNetworkGatewayConnections_ResetConnection'];
const OPERATION_STATUS: readonly ArmOperationId[] = ['Network_Locations_OperationResults', 'Network_Locations_Operations'];
const OTHER: readonly ArmOperationId[] = [
  'VpnLinkConnections_GetIkeSas',
  'VirtualNetworkGatewayConnections_GetIkeSas',
  'Permissions_ListForSubscription',
  'Permissions_ListForResourceGroup',
  'Permissions_ListForResource',
];

/** Every ARM_OPERATIONS action, by what it is for: what the permission check (`doctor`) looks for at each scope. */
export const PERMISSION_NEEDS: PermissionNeeds = {
  // VpnSites_List only pairs the two ends of a tunnel (addresses): monitoring goes on without it, and its action is
  // the listed-resource read that resets need anyway.
  monitor: actionsOf((Object.keys(ARM_OPERATIONS) as ArmOperationId[]).filter((id) => ![...RESET, ...OPERATION_STATUS, ...OTHER, 'VpnSites_List'].includes(id))),
  // Resetting without seeing the sites' opt-out tags would ignore an operator's tunnelwatch-remediate=false.
  reset: [...actionsOf(RESET), ...LISTED_RESOURCE_READS],
  operationStatus: actionsOf(OPERATION_STATUS),
  other: actionsOf(OTHER),
  metrics: [...METRICS_READS],
};

/** Actions that would expose secrets; the custom role must never include them. */
export const FORBIDDEN_ACTIONS = [
  'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/sharedKeys/read',
  'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/sharedKeys/write',
  'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/sharedKeys/action',
  'Microsoft.Network/connections/sharedKey/read',
  'Microsoft.Network/connections/sharedKey/write',
  'Microsoft.Network/connections/sharedkey/action',
  'Microsoft.Network/connections/resetsharedkey/action',
] as const;
