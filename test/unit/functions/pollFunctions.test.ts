import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { formatCycleStatus } from '../../../src/app/monitoring/formatCycleStatus';
import type { PollCycleSummary } from '../../../src/app/monitoring/pollCycleSummary';
import type { ScopePermissions } from '../../../src/core/permissions/assessPermissions';
import { pollHandler } from '../../../src/functions/poll';
import type { MonitoringDeps } from '../../../src/app/monitoring/monitoringDeps';
import { buildMonitoringDeps } from '../../support/monitoringFakes';

function buildSummary(overrides: Partial<PollCycleSummary> = {}): PollCycleSummary {
  return {
    cycleId: '1',
    mode: 'inline',
    targets: 3,
    links: 12,
    byStatus: { NotConnected: 1, Connected: 11 },
    armRequests: 4,
    armRequestsByOperation: {},
    armThrottles: 0,
    tableRoundTrips: 5,
    failures: [],
    fallbackTargets: 0,
    statusReads: 0,
    metricCalls: 0,
    unconfirmed: {},
    transitions: 1,
    incidentsOpened: 1,
    incidentsClosed: 0,
    requestsEnqueued: 1,
    rollupsFlushed: 0,
    rollupsPending: 0,
    shardsEnqueued: 0,
    durationMs: 120,
    ...overrides,
  };
}

describe('the poll cycle status line', () => {
  it.each([
    ['an inline cycle', buildSummary(), 'cycle: 12 links (11 Connected, 1 NotConnected) · 1 transitions · incidents +1/-0 · 1 remediation requests · 0 failures · 4 ARM requests · 5 table round trips · 120 ms'],
    ['a skipped cycle', buildSummary({ mode: 'skipped', skippedReason: 'another poll cycle holds the lease' }), 'cycle: skipped (another poll cycle holds the lease)'],
    ['a sharded cycle', buildSummary({ mode: 'sharded', targets: 120, shardsEnqueued: 12, durationMs: 40 }), 'cycle: 120 targets → 12 poll shards enqueued (40 ms)'],
    ['a cycle with metric calls', buildSummary({ metricCalls: 2 }), 'cycle: 12 links (11 Connected, 1 NotConnected) · 1 transitions · incidents +1/-0 · 1 remediation requests · 0 failures · 4 ARM requests · 2 metric calls · 5 table round trips · 120 ms'],
    ['a cycle whose metrics were refused', buildSummary({ metricCalls: 1, metricsOff: { reason: 'forbidden', groups: 1, of: 1 } }), 'cycle: 12 links (11 Connected, 1 NotConnected) · 1 transitions · incidents +1/-0 · 1 remediation requests · 0 failures · 4 ARM requests · 1 metric calls · metrics off (forbidden) · 5 table round trips · 120 ms'],
    ['a cycle with some groups throttled', buildSummary({ metricCalls: 7, metricsOff: { reason: 'throttled', groups: 2, of: 7 } }), 'cycle: 12 links (11 Connected, 1 NotConnected) · 1 transitions · incidents +1/-0 · 1 remediation requests · 0 failures · 4 ARM requests · 7 metric calls · metrics off for 2/7 gateway groups (throttled) · 5 table round trips · 120 ms'],
  ])('when it was %s, then the line says what happened', (_name, summary, line) => {
    expect(formatCycleStatus(summary)).toBe(line);
  });

  it('when gateways failed, then each is named with its error code', () => {
    const line = formatCycleStatus(buildSummary({ failures: [{ gatewayId: '/subscriptions/s/x/gw1', code: 'ARM.FORBIDDEN', message: 'no' }] }));
    expect(line).toContain('1 failures');
    expect(line).toMatch(/failed: \/subscriptions\/s\/x\/gw1: ARM\.FORBIDDEN$/);
  });

  const scope = (id: string, canRemediate: boolean, missing: string[] = []): ScopePermissions => ({
    scope: id,
    ok: missing.length === 0,
    missing,
    canMonitor: true,
    canRemediate,
    statusReadScope: id,
  });
  const RESET = 'Microsoft.Network/connections/resetconnection/action';

  it.each([
    ['an inline cycle', buildSummary()],
    ['a skipped cycle', buildSummary({ mode: 'skipped', skippedReason: 'lease held' })],
    ['a sharded cycle', buildSummary({ mode: 'sharded' })],
  ])('when a scope lacks the reset right, then %s line says monitoring only and names the scope and the action', (_name, summary) => {
    const line = formatCycleStatus(summary, [scope('/subscriptions/a', true), scope('/subscriptions/b', false, [RESET])]);
    expect(line).toMatch(new RegExp(` — monitoring only: /subscriptions/b lacks ${RESET}$`));
    expect(line).not.toContain('/subscriptions/a');
  });

  it('when only evidence rights are missing, then the line says nothing about permissions', () => {
    const line = formatCycleStatus(buildSummary(), [scope('/subscriptions/a', true, ['Microsoft.Network/connections/getikesas/action'])]);
    expect(line).toBe(formatCycleStatus(buildSummary()));
  });
});

describe('the poll timer function', () => {
  it('when the timer fires, then one cycle runs and its status is logged', async () => {
    const lines: string[] = [];
    const context = new InvocationContext({ functionName: 'poll', logHandler: (_level, ...args) => lines.push(args.join(' ')) });
    let leases = 0;
    const deps = fakeDeps(() => leases++);
    const summary = await pollHandler(async () => deps)({ isPastDue: true, schedule: { adjustForDST: true }, scheduleStatus: { last: '2026-11-23T09:59:00Z', next: '2026-11-23T10:01:00Z', lastUpdated: '2026-11-23T09:59:00Z' } }, context);
    expect(summary.mode).toBe('skipped');
    expect(leases).toBe(1);
    expect(lines).toEqual(['poll timer is past due: running one catch-up cycle', 'cycle: skipped (another poll cycle holds the lease)']);
  });

  it('when the permission check says a scope runs monitoring only, then the logged cycle line says so', async () => {
    const lines: string[] = [];
    const context = new InvocationContext({ functionName: 'poll', logHandler: (_level, ...args) => lines.push(args.join(' ')) });
    const report: ScopePermissions[] = [{ scope: '/subscriptions/b', ok: false, missing: ['x/resetconnection/action'], canMonitor: true, canRemediate: false, statusReadScope: '/subscriptions/b' }];
    await pollHandler(async () => fakeDeps(() => undefined), async () => report)({ isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: undefined as never }, context);
    expect(lines).toEqual(['cycle: skipped (another poll cycle holds the lease) — monitoring only: /subscriptions/b lacks x/resetconnection/action']);
  });
});

/** In-memory dependencies for a cycle whose lease is held elsewhere. */
function fakeDeps(onAcquire: () => void): MonitoringDeps {
  return buildMonitoringDeps(Date.parse('2026-11-23T10:00:00Z'), { leases: { acquire: async () => (onAcquire(), false), release: async () => undefined } }).deps;
}
