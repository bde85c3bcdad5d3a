/**
 * Huawei's transitional statuses (PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE): Huawei is changing the connection,
 * and a reset moves it to PENDING_UPDATE for a while before it reads ACTIVE or DOWN (the Terraform provider's reset
 * resource waits, then reads until ACTIVE or DOWN, treating every other status as pending). Such a status is no
 * evidence either way: a down streak neither starts nor ends on it, and the post-check waits for it to pass.
 */
export function isPendingStatus(status: string | undefined): boolean {
  return status !== undefined && /^PENDING_[A-Z]+$/.test(status.trim().toUpperCase());
}
