/** One role entry as ARM's permissions API returns it: granted actions minus that same entry's notActions. */
export interface PermissionEntry {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
}

/**
 * ARM's action matching: case-insensitive; `*` matches any run of characters, also across `/`, so `*` and
 * `Microsoft.Network/*` cover what they cover in a role definition (a `*` may also sit mid-action).
 */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** Allowed when some entry grants the action and that entry's notActions do not take it back (as ARM evaluates roles). */
export function isActionAllowed(entries: readonly PermissionEntry[], action: string): boolean {
  return entries.some(
    (entry) =>
      entry.actions.some((a) => actionMatches(a, action)) &&
      !entry.notActions.some((n) => actionMatches(n, action)),
  );
}
