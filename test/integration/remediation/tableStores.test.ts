import { describe, expect, inject, it } from 'vitest';
import { createTableAlertDedup } from '../../../src/adapters/tableAlertDedup';
import { createTableAuditStore } from '../../../src/adapters/tableAuditStore';
import { createTableClient } from '../../../src/adapters/tableClients';
import { createTableIncidentStore } from '../../../src/adapters/tableIncidentStore';
import { createTableResetLedger } from '../../../src/adapters/tableResetLedger';
import type { AuditEntry } from '../../../src/app/remediation/remediationPorts';

const table = (name: string) => createTableClient(inject('azuriteConnectionString'), name);
const NOW = new Date('2025-04-15T12:00:00.000Z');
const GW = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw1';

describe('table reset ledger (Azurite)', () => {
  it('when two instances race for the last budget slot, then exactly one gets it', async () => {
    const [a, b] = [createTableResetLedger(table('twremledgerbudget'), 1), createTableResetLedger(table('twremledgerbudget'), 1)];
    const taken = await Promise.all([a.takeBudgetSlot('inc-a#1', NOW), b.takeBudgetSlot('inc-b#1', NOW)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(await a.resetsInLastHour(NOW)).toBe(1);
    expect(await a.resetsInLastHour(new Date(NOW.getTime() + 3_600_001))).toBe(0);
    expect(await a.takeBudgetSlot('inc-c#1', new Date(NOW.getTime() + 3_600_001))).toBe(true);
  });

  it('when two incidents race for one gateway, then one holds it until it releases or its lease ends', async () => {
    const ledger = createTableResetLedger(table('twremledgergw'), 10);
    const taken = await Promise.all([ledger.takeGateway(GW, 'inc-a', NOW, 60_000), ledger.takeGateway(GW, 'inc-b', NOW, 60_000)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const holder = await ledger.gatewayHeldBy(GW, NOW);
    expect(['inc-a', 'inc-b']).toContain(holder);
    expect(await ledger.gatewayHeldBy(GW, new Date(NOW.getTime() + 60_001))).toBeUndefined();
    await ledger.releaseGateway(GW, holder!);
    expect(await ledger.gatewayHeldBy(GW, NOW)).toBeUndefined();
  });

  it('when several links of one gateway hit the breaker, then the outage opens once until it is closed', async () => {
    const ledger = createTableResetLedger(table('twremledgeroutage'), 10);
    const opened = await Promise.all([ledger.openOutage(GW, NOW), ledger.openOutage(GW, NOW), ledger.openOutage(GW, NOW)]);
    expect(opened.filter((o) => o)).toHaveLength(1);
    expect(opened.filter((o) => !o)).toHaveLength(2);
    await ledger.closeOutage(GW);
    await ledger.closeOutage(GW);
    expect(await ledger.openOutage(GW, NOW)).toBe(true);
  });
});

describe('table incident store (Azurite)', () => {
  it('when two writers hold the same ETag, then only the first replace lands', async () => {
    const store = createTableIncidentStore(table('twremincidents'));
    const incident = { linkKey: 'k1', linkId: GW, incidentId: 'inc-1', state: 'open' as const, attempts: 0, openedAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    const created = await store.create(incident);
    expect(await store.create(incident)).toBeUndefined();
    const [first, second] = await Promise.all([
      store.replace({ ...incident, state: 'claimed', claimedBy: 'a' }, created!.etag),
      store.replace({ ...incident, state: 'claimed', claimedBy: 'b' }, created!.etag),
    ]);
    expect([first, second].filter((r) => r !== undefined)).toHaveLength(1);
    expect((await store.get('k1'))?.value).toMatchObject({ state: 'claimed', attempts: 0 });
  });
});

describe('table audit store (Azurite)', () => {
  it('when rows span two days, then list serves them newest first, filtered, in pages joined by continuation tokens', async () => {
    const audit = createTableAuditStore(table('twremaudit'));
    const entry = (i: number, at: string, outcome: AuditEntry['outcome']): AuditEntry => ({ id: `e${i}`, at, linkKey: i % 2 ? 'odd' : 'even', source: 'poller', step: 'decision', action: 'skip', outcome, reason: 'cooldown', guards: [{ name: 'cooldown', passed: false, detail: 'x' }] });
    const times = ['2025-04-14T23:00:00.000Z', '2025-04-14T23:30:00.000Z', '2025-04-15T00:10:00.000Z', '2025-04-15T01:00:00.000Z', '2025-04-15T02:00:00.000Z'];
    for (const [i, at] of times.entries()) await audit.append(entry(i, at, i === 4 ? 'reset' : 'skipped'));
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await audit.list({ from: '2025-04-14T00:00:00Z', to: '2025-04-15T23:59:59Z', top: 2, continuationToken: token });
      seen.push(...result.items.map((e) => e.id));
      token = result.continuationToken;
      if (!token) break;
    }
    expect(seen).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
    expect((await audit.list({ from: '2025-04-14T00:00:00Z', to: '2025-04-16T00:00:00Z', linkKey: 'odd' })).items.map((e) => e.id)).toEqual(['e3', 'e1']);
    const resets = await audit.list({ from: '2025-04-14T00:00:00Z', to: '2025-04-16T00:00:00Z', outcome: 'reset' });
    expect(resets.items).toEqual([expect.objectContaining({ id: 'e4', guards: [{ name: 'cooldown', passed: false, detail: 'x' }] })]);
    expect((await audit.list({ from: '2025-04-15T00:30:00Z', to: '2025-04-15T01:30:00Z' })).items.map((e) => e.id)).toEqual(['e3']);
  });
});

describe('table alert dedup (Azurite)', () => {
  it('when the same delivery is claimed 6 times at once, then one claim is first', async () => {
    const dedup = createTableAlertDedup(table('twremdedup'));
    const claims = await Promise.all(Array.from({ length: 6 }, () => dedup.claim('/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1|Fired', NOW)));
    expect(claims.filter((c) => c === 'first')).toHaveLength(1);
  });

  it('when a first claim never marked its enqueue, then a retry after the stale time may take over', async () => {
    const dedup = createTableAlertDedup(table('twremdedupstale'), 30_000);
    expect(await dedup.claim('a2|Fired', NOW)).toBe('first');
    expect(await dedup.claim('a2|Fired', new Date(NOW.getTime() + 1000))).toBe('duplicate');
    expect(await dedup.claim('a2|Fired', new Date(NOW.getTime() + 31_000))).toBe('first');
    await dedup.markEnqueued('a2|Fired');
    expect(await dedup.claim('a2|Fired', new Date(NOW.getTime() + 120_000))).toBe('duplicate');
  });
});
