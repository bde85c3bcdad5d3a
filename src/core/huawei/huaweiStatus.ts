/**
 * Huawei Cloud VPN connection statuses (VPN API v5, ResponseVpnConnection.status) and what tunnelwatch makes of them.
 * ACTIVE is up; the configured down set (TW_HUAWEI_DOWN_STATUSES, default DOWN and ERROR) is down; a connection being
 * created, updated or deleted, or frozen by Huawei (FREEZED: arrears or a freeze by the provider), is held: never
 * down, never reset. Anything else Huawei may add is kept as reported and reads as Unknown.
 */
export const HUAWEI_STATUSES = ['ACTIVE', 'DOWN', 'ERROR', 'FREEZED', 'PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'] as const;
export type HuaweiStatus = (typeof HUAWEI_STATUSES)[number];

/** The statuses TW_HUAWEI_DOWN_STATUSES may name. */
export const HUAWEI_DOWNABLE_STATUSES: readonly string[] = ['DOWN', 'ERROR'];
export const DEFAULT_HUAWEI_DOWN_STATUSES: readonly string[] = ['DOWN', 'ERROR'];

/** Statuses in which Huawei is changing or has frozen the connection: a reset would fight it or cannot help. */
export const HUAWEI_HELD_STATUSES: readonly string[] = ['FREEZED', 'PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'];

/**
 * The link status tunnelwatch tracks for a Huawei status: Connected (ACTIVE), NotConnected (the down set), or the
 * held / unknown value as reported (upper case), so it is shown as Huawei said it (isDownStatus never counts a held one).
 */
export function mapHuaweiStatus(status: string | undefined, downStatuses: readonly string[] = DEFAULT_HUAWEI_DOWN_STATUSES): string {
  const value = status?.trim().toUpperCase();
  if (!value) return 'Unknown';
  if (value === 'ACTIVE') return 'Connected';
  if (downStatuses.includes(value)) return 'NotConnected';
  return value;
}

/**
 * ARM's provisioningState vocabulary for a Huawei connection, read from its status (Huawei reports changes in progress
 * there): PENDING_CREATE / PENDING_UPDATE are Updating, PENDING_DELETE is Deleting, any other status is Succeeded.
 * The guards then treat a connection Huawei is changing like an ARM link being updated (never reset under it).
 */
export function huaweiProvisioningState(status: string | undefined): string | undefined {
  const value = status?.trim().toUpperCase();
  if (!value) return undefined;
  if (value === 'PENDING_CREATE' || value === 'PENDING_UPDATE') return 'Updating';
  if (value === 'PENDING_DELETE') return 'Deleting';
  return 'Succeeded';
}
