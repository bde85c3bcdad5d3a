import { monitoringOnlyNotes, type ScopePermissions } from '../../core/permissions/assessPermissions';
import type { Clock } from '../ports';

export interface PermissionLog {
  info(message: string): void;
  warn(message: string): void;
}

/** How long an incomplete answer (permissions unreadable for a reason other than a refusal) is kept before asking again. */
const RECHECK_INCOMPLETE_MS = 5 * 60_000;

/**
 * The permission check, once per process: run lazily on first use, logged once (a warning when something is
 * missing), then served from memory. Only an answer some scope could not be read for is asked again, at most every
 * five minutes, so a throttled start does not leave the process without the check.
 */
export function createPermissionStatus(
  check: () => Promise<readonly ScopePermissions[]>,
  log: PermissionLog,
  clock: Clock,
): () => Promise<readonly ScopePermissions[]> {
  let pending: Promise<readonly ScopePermissions[]> | undefined;
  let expiresAt = Number.POSITIVE_INFINITY;
  return () => {
    if (pending && clock.now().getTime() < expiresAt) return pending;
    pending = check().then((report) => {
      const complete = report.every((p) => p.error === undefined || p.error.code === 'ARM.FORBIDDEN');
      expiresAt = complete ? Number.POSITIVE_INFINITY : clock.now().getTime() + RECHECK_INCOMPLETE_MS;
      logReport(report, log);
      return report;
    });
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
}

function logReport(report: readonly ScopePermissions[], log: PermissionLog): void {
  for (const p of report) {
    if (p.error)
      log.warn(
        `permissions: cannot read them at ${p.scope} (${p.error.code})${p.missing.length ? `; lacks ${p.missing.join(', ')}` : ''}`,
      );
    else if (!p.ok) log.warn(`permissions: ${p.scope} lacks ${p.missing.join(', ')}`);
    else log.info(`permissions: ${p.scope} ok`);
  }
  for (const note of monitoringOnlyNotes(report)) log.warn(`monitoring only: ${note}`);
}

/** The permission report for a log line: empty when there is no check or it failed (a log line never fails a cycle). */
export async function knownPermissions(
  source: (() => Promise<readonly ScopePermissions[]>) | undefined,
): Promise<readonly ScopePermissions[]> {
  if (!source) return [];
  try {
    return await source();
  } catch {
    return [];
  }
}
