/**
 * Huawei Cloud VPN connection statuses (VPN API v5, ResponseVpnConnection.status) and what tunnelwatch makes of them.
 * ACTIVE is up; the configured down set (TW_HUAWEI_DOWN_STATUSES, default DOWN) is down and may be reset. ERROR is a
 * failed provisioning (Huawei's and Terraform's reading): not connected, escalated like ARM's provisioningState
 * Failed, never reset. A connection being created, updated or deleted, frozen by Huawei (FREEZED: arrears or a
 * freeze by the provider) or whose state Huawei does not know (UNKNOWN) is held: shown, never down, never reset.
 * Anything else Huawei may add is kept as reported and reads as Unknown.
 */
export const HUAWEI_STATUSES = ['ACTIVE', 'DOWN', 'ERROR', 'UNKNOWN', 'FREEZED', 'PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'] as const;
export type HuaweiStatus = (typeof HUAWEI_STATUSES)[number];

/**
 * The statuses TW_HUAWEI_DOWN_STATUSES may name. Only DOWN is a tunnel a reset may bring back; ERROR is still
 * accepted (it was in the former default) and changes nothing: a failed connection is always tracked as not
 * connected and escalated, never reset.
 */
export const HUAWEI_DOWNABLE_STATUSES: readonly string[] = ['DOWN', 'ERROR'];
export const DEFAULT_HUAWEI_DOWN_STATUSES: readonly string[] = ['DOWN'];

/** A failed provisioning: tracked as not connected with provisioningState Failed, so remediation escalates it. */
export const HUAWEI_FAILED_STATUS = 'ERROR';

/** Statuses in which Huawei is changing, has frozen or does not know the connection: a reset would fight it or cannot help. */
export const HUAWEI_HELD_STATUSES: readonly string[] = ['UNKNOWN', 'FREEZED', 'PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'];

/**
 * The link status tunnelwatch tracks for a Huawei status: Connected (ACTIVE), NotConnected (the down set, and ERROR:
 * a connection whose provisioning failed carries no traffic; its provisioningState Failed keeps it from being
 * reset), or the held / unknown value as reported (upper case), so it is shown as Huawei said it (isDownStatus never
 * counts a held one).
 */
export function mapHuaweiStatus(status: string | undefined, downStatuses: readonly string[] = DEFAULT_HUAWEI_DOWN_STATUSES): string {
  const value = status?.trim().toUpperCase();
  if (!value) return 'Unknown';
  if (value === 'ACTIVE') return 'Connected';
  if (value === HUAWEI_FAILED_STATUS || downStatuses.includes(value)) return 'NotConnected';
  return value;
}

/**
 * ARM's provisioningState vocabulary for a Huawei connection, read from its status (Huawei reports changes in progress
 * there): PENDING_CREATE / PENDING_UPDATE are Updating, PENDING_DELETE is Deleting, ERROR is Failed, any other status
 * is Succeeded. The guards then treat a connection Huawei is changing like an ARM link being updated (never reset
 * under it) and a failed one like an ARM link whose provisioning failed (escalated, never reset).
 */
export function huaweiProvisioningState(status: string | undefined): string | undefined {
  const value = status?.trim().toUpperCase();
  if (!value) return undefined;
  if (value === 'PENDING_CREATE' || value === 'PENDING_UPDATE') return 'Updating';
  if (value === 'PENDING_DELETE') return 'Deleting';
  if (value === HUAWEI_FAILED_STATUS) return 'Failed';
  return 'Succeeded';
}
