/** One scope of `GET /api/health/details`, as the CLI reads it. */
interface ScopeReport {
  readonly scope?: unknown;
  readonly ok?: unknown;
  readonly missing?: unknown;
  readonly canMonitor?: unknown;
  readonly canRemediate?: unknown;
  readonly statusReadScope?: unknown;
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `tunnelwatch doctor`: per scope what holds and every missing action; `ok` false when anything is missing. */
export function renderDoctor(body: unknown): { text: string; ok: boolean } {
  const scopes = ((body as { permissions?: unknown } | undefined)?.permissions ?? []) as ScopeReport[];
  const lines: string[] = [];
  for (const s of Array.isArray(scopes) ? scopes : []) {
    const can =
      s.canRemediate === true
        ? 'monitoring and remediation'
        : s.canMonitor === true
          ? 'monitoring only'
          : 'neither monitoring nor remediation';
    lines.push(`${text(s.scope)}: ${s.ok === true ? 'ok' : 'MISSING PERMISSIONS'} (${can})`);
    if (s.error)
      lines.push(`  could not read permissions: ${text(s.error.code)} ${text(s.error.message)}`.trimEnd());
    for (const action of list(s.missing)) lines.push(`  missing: ${action}`);
    if (s.ok !== true && s.statusReadScope !== s.scope) {
      lines.push(
        `  note: the operation-status reads must be held at ${text(s.statusReadScope)} or above, not only on the resource`,
      );
    }
  }
  if (lines.length === 0) lines.push('no scopes configured (TW_SCOPES)');
  const poller = pollerLine(body);
  if (poller) lines.push(poller);
  const ok = Array.isArray(scopes) && scopes.length > 0 && scopes.every((s) => s.ok === true);
  return { text: lines.join('\n') + '\n', ok };
}

/** The poller's line (absent from older APIs): when the last cycle completed, and OVERDUE past its bound. */
function pollerLine(body: unknown): string | undefined {
  const { pollerOverdue, lastCompletedCycleAt, overdueAfterSeconds } = (body ?? {}) as Record<string, unknown>;
  if (typeof pollerOverdue !== 'boolean') return undefined;
  const last = typeof lastCompletedCycleAt === 'string' ? `last cycle completed ${lastCompletedCycleAt}` : 'no cycle completed in the last day';
  return pollerOverdue ? `poller: OVERDUE (${last}; expected within ${String(overdueAfterSeconds)} s)` : `poller: ok (${last})`;
}
