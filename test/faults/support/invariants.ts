import type { StoredEntity } from '../../../src/adapters/storage/tableClients';
import type { LinkState } from '../../../src/core/linkState/linkState';
import type { ResetRecord } from './faultStack';

const HOUR_MS = 3_600_000;
const CLOSED = ['resolved', 'quarantined', 'escalated'];

/**
 * (1) No link reset twice within its cooldown; never more resets in a rolling hour than the budget. The records hold
 * every reset ARM accepted or may have accepted (ambiguous timeouts included), so ARM's own count can never exceed
 * them, and it must equal the confirmed ones at least.
 */
export function checkResets(resets: readonly ResetRecord[], simResets: Readonly<Record<string, number>>, cooldownMs: number, budget: number): string[] {
  const problems: string[] = [];
  const sorted = [...resets].sort((a, b) => a.atMs - b.atMs);
  const byLink = new Map<string, ResetRecord[]>();
  for (const r of sorted) byLink.set(r.linkId.toLowerCase(), [...(byLink.get(r.linkId.toLowerCase()) ?? []), r]);
  for (const [link, list] of byLink) {
    for (let i = 1; i < list.length; i++) {
      const gap = list[i]!.atMs - list[i - 1]!.atMs;
      if (gap < cooldownMs) problems.push(`(1) ${link} reset twice ${Math.round(gap / 1000)} s apart (cooldown ${cooldownMs / 1000} s) by ${list[i - 1]!.worker} and ${list[i]!.worker}`);
    }
  }
  for (const r of sorted) {
    const inHour = sorted.filter((o) => o.atMs <= r.atMs && o.atMs > r.atMs - HOUR_MS).length;
    if (inHour > budget) problems.push(`(1) ${inHour} resets in the hour up to ${new Date(r.atMs).toISOString()} (budget ${budget})`);
  }
  const simTotal = Object.values(simResets).reduce((a, b) => a + b, 0);
  const confirmed = resets.filter((r) => r.confirmed).length;
  if (simTotal < confirmed || simTotal > resets.length) {
    problems.push(`(1) the simulator counted ${simTotal} resets, the workers ${confirmed} confirmed and ${resets.length - confirmed} ambiguous`);
  }
  return [...new Set(problems)];
}

/**
 * (1b) Every reset that was sent tells its story to the end in the audit: a POST row (accepted, or unknown when ARM
 * gave no answer), then what became of it (succeeded, failed, unknown, or the attempt's quarantine), and every
 * attempt that was not known to succeed ends with the post-check's finding or a closed incident.
 */
export function checkResetStories(auditRows: readonly StoredEntity[]): string[] {
  const problems: string[] = [];
  // The table lists newest first (inverted time, falling sequence): reversed, rows of one millisecond keep append order.
  const rows = [...auditRows].reverse().sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const attempts = new Map<string, string[]>();
  for (const row of rows) {
    if (typeof row.incidentId !== 'string' || typeof row.attempt !== 'number') continue;
    const key = `${row.incidentId}#${row.attempt}`;
    if (row.step === 'reset' || row.step === 'postcheck' || row.action === 'quarantine')
      attempts.set(key, [
        ...(attempts.get(key) ?? []),
        `${String(row.step)}:${String(row.action)}:${String(row.outcome)}`,
      ]);
  }
  for (const [attempt, story] of attempts) {
    const posted = story.findIndex((s) => s.startsWith('reset:reset:'));
    if (posted < 0) continue;
    const after = story.slice(posted + 1);
    if (!['reset:reset:accepted', 'reset:reset:unknown'].includes(story[posted]!))
      problems.push(`(1b) ${attempt}: the POST row says ${story[posted]}`);
    if (after.length === 0)
      problems.push(`(1b) ${attempt}: a reset was sent and nothing more was recorded (${story.join(' → ')})`);
    const unknown = after.some((s) => s.endsWith(':unknown'));
    const decided = after.some((s) =>
      /^postcheck:.*:(recovered|not-recovered)$|:quarantined$|:failed$/.test(s),
    );
    if (unknown && !decided)
      problems.push(
        `(1b) ${attempt}: outcome unknown and never decided by a post-check (${story.join(' → ')})`,
      );
  }
  return problems;
}

/** (2) Once faults stop and the queue is drained: every incident closed (resolved, quarantined or escalated), none open on a healthy link. */
export function checkIncidents(incidentRows: readonly StoredEntity[], states: readonly LinkState[], pendingMessages: number): string[] {
  const problems: string[] = [];
  if (pendingMessages > 0) problems.push(`(2) ${pendingMessages} remediation messages still pending after the quiet phase`);
  for (const row of incidentRows) {
    if (!CLOSED.includes(String(row.state))) problems.push(`(2) incident ${String(row.incidentId)} on ${row.partitionKey} stuck in state '${String(row.state)}'`);
  }
  for (const s of states) {
    if (s.status === 'Connected' && s.incidentId !== undefined) problems.push(`(2) ${s.key} is Connected but its incident ${s.incidentId} is still open in link state`);
  }
  return problems;
}

/** What the driver saw of one poll cycle: its summary, or the error it failed with. */
export interface CycleRecord {
  readonly label: string;
  readonly cycleId?: string;
  readonly mode?: string;
  readonly links?: number;
  readonly liveLinks: number;
  readonly failures?: number;
  readonly skippedReason?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A stored snapshot row holds the snapshot as one JSON property (tableSnapshotStore); unreadable JSON reads as {}. */
function decodeSnapshotRow(row: StoredEntity): Record<string, unknown> {
  try {
    const parsed: unknown = typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : undefined;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** (3) Each cycle stored completely, or recorded as failed/partial with a reason; no snapshot duplicated or corrupted. */
export function checkCycles(cycles: readonly CycleRecord[], snapshotRows: readonly StoredEntity[], pollRunRows: readonly StoredEntity[]): string[] {
  const problems: string[] = [];
  const perCycle = new Map<string, number>();
  const seen = new Set<string>();
  for (const row of snapshotRows) {
    const snapshot = decodeSnapshotRow(row);
    const polledMs = Date.parse(String(snapshot.polledAt));
    const where = `${row.partitionKey}/${row.rowKey}`;
    if (!Number.isFinite(polledMs) || typeof snapshot.key !== 'string' || !row.rowKey.startsWith(`${snapshot.key}~`)) problems.push(`(3) corrupted snapshot ${where}`);
    if (typeof snapshot.status !== 'string' || snapshot.status === '' || !/^\d+$/.test(String(snapshot.ingressBytes)) || !/^\d+$/.test(String(snapshot.egressBytes))) problems.push(`(3) snapshot ${where} has bad values`);
    const identity = `${String(snapshot.key)}@${polledMs}`;
    if (seen.has(identity)) problems.push(`(3) duplicated snapshot ${identity}`);
    seen.add(identity);
    perCycle.set(String(polledMs), (perCycle.get(String(polledMs)) ?? 0) + 1);
  }
  const runs = new Map(pollRunRows.filter((r) => String(r.rowKey).endsWith('~all')).map((r) => [String(r.cycleId), r]));
  for (const c of cycles) {
    if (c.error) {
      if (!c.error.code || !c.error.message) problems.push(`(3) cycle ${c.label} failed without a reason`);
      continue;
    }
    if (c.mode === 'skipped') {
      if (!c.skippedReason) problems.push(`(3) cycle ${c.label} skipped without a reason`);
      continue;
    }
    const run = runs.get(c.cycleId ?? '');
    const stored = perCycle.get(c.cycleId ?? '') ?? 0;
    if (!run || run.status !== 'done') problems.push(`(3) cycle ${c.label} (${c.cycleId}) has no completed poll-run record`);
    if (stored !== c.links) problems.push(`(3) cycle ${c.label} reported ${c.links} links but stored ${stored} snapshots`);
    if ((c.links ?? 0) < c.liveLinks && (c.failures ?? 0) === 0) problems.push(`(3) cycle ${c.label} stored ${c.links} of ${c.liveLinks} links without recording a failure`);
    if (run && (c.failures ?? 0) > 0 && !(Number(run.failureCount) > 0)) problems.push(`(3) cycle ${c.label} had failures its poll-run record does not show`);
  }
  return problems;
}

/** (4) No unhandled rejection and no invocation that died of a bug (a non-coded error or INTERNAL) rather than a fault. */
export function checkCrashes(unhandled: readonly string[], crashes: readonly string[]): string[] {
  return [...unhandled.map((u) => `(4) unhandled rejection: ${u}`), ...crashes.map((c) => `(4) ${c}`)];
}

/** (5) No shared key in any stored row, queued message, log line or HTTP response. */
export function checkSecrets(secrets: readonly string[], haystacks: ReadonlyArray<readonly [string, string]>): string[] {
  const problems: string[] = [];
  for (const [where, text] of haystacks) {
    for (const secret of secrets) if (secret.length > 0 && text.includes(secret)) problems.push(`(5) a sharedKey appears in ${where}`);
  }
  return [...new Set(problems)];
}
