import type { SimHuaweiConnection } from './huaweiModel';

/** How long an accepted reset shows the connection as PENDING_UPDATE by default (Terraform's reset waits ~10 s). */
export const DEFAULT_HUAWEI_RESET_PENDING_MS = 10_000;

/**
 * After an accepted reset Huawei shows the connection as PENDING_UPDATE for a while, then ACTIVE or DOWN (whatever the
 * tunnel came to). A reset of a connection still pending is refused, as Huawei refuses changes under way.
 */
export function startResetPending(connection: SimHuaweiConnection, now: number, pendingMs: number): void {
  connection.pendingUntil = pendingMs > 0 ? now + pendingMs : undefined;
}

export function isResetPending(connection: SimHuaweiConnection, now: number): boolean {
  return connection.pendingUntil !== undefined && now < connection.pendingUntil;
}
