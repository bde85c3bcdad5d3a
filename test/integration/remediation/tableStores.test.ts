import { describe, expect, inject, it } from 'vitest';
import { createTableAlertDedup } from '../../../src/adapters/storage/tableAlertDedup';
import { createTableAuditStore } from '../../../src/adapters/storage/tableAuditStore';
import { createTableClient } from '../../../src/adapters/storage/tableClients';
import { createTableIncidentStore } from '../../../src/adapters/storage/tableIncidentStore';
import { createTableLinkStateStore } from '../../../src/adapters/storage/tableLinkStateStore';
import { loadSigningKey } from '../../../src/adapters/storage/tableSigningKey';
import { createTableResetLedger } from '../../../src/adapters/storage/tableResetLedger';
import type { AuditEntry } from '../../../src/app/remediation/remediationPorts';
import { budgetSlotHeldUntil } from '../../../src/core/remediation/resetBudget';

const table = (name: string) => createTableClient(inject('azuriteConnectionString'), name);
const NOW = new Date('2025-04-15T12:00:00.000Z');
const GW = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw1';

describe('table reset ledger (Azurite)', () => {
  it('when two instances race for the last budget slot, then exactly one gets it', async () => {
    const [a, b] = [
      createTableResetLedger(table('twremledgerbudget'), 1),
      createTableResetLedger(table('twremledgerbudget'), 1),
    ];
    const taken = await Promise.all([a.takeBudgetSlot('inc-a#1', NOW), b.takeBudgetSlot('inc-b#1', NOW)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(await a.resetsInLastHour(NOW)).toBe(1);
    const over = new Date(budgetSlotHeldUntil(NOW.getTime()) + 1);
    expect(await a.resetsInLastHour(over)).toBe(0);
    expect(await a.takeBudgetSlot('inc-c#1', over)).toBe(true);
  });

  it('when a slot is dated at its POST, then its hour runs from the POST and only its owner can date it', async () => {
    const ledger = createTableResetLedger(table('twremledgerdated'), 2);
    expect(await ledger.takeBudgetSlot('inc-a#1', NOW)).toBe(true);
    const sentAt = new Date(NOW.getTime() + 20 * 60_000);
    expect(await ledger.dateBudgetSlot('inc-a#1', sentAt)).toBe(true);
    expect(await ledger.dateBudgetSlot('inc-b#1', sentAt)).toBe(false);
    expect(await ledger.resetsInLastHour(new Date(budgetSlotHeldUntil(NOW.getTime()) + 1))).toBe(1);
    expect(await ledger.resetsInLastHour(new Date(budgetSlotHeldUntil(sentAt.getTime()) + 1))).toBe(0);
  });

  it('when two incidents race for one gateway, then one holds it until it releases or its lease ends', async () => {
    const ledger = createTableResetLedger(table('twremledgergw'), 10);
    const taken = await Promise.all([
      ledger.takeGateway(GW, 'inc-a', NOW, 60_000),
      ledger.takeGateway(GW, 'inc-b', NOW, 60_000),
    ]);
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
    const incident = {
      linkKey: 'k1',
      linkId: GW,
      incidentId: 'inc-1',
      state: 'open' as const,
      attempts: 0,
      openedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    };
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
    const entry = (i: number, at: string, outcome: AuditEntry['outcome']): AuditEntry => ({
      id: `e${i}`,
      at,
      linkKey: i % 2 ? 'odd' : 'even',
      source: 'poller',
      step: 'decision',
      action: 'skip',
      outcome,
      reason: 'cooldown',
      guards: [{ name: 'cooldown', passed: false, detail: 'x' }],
    });
    const times = [
      '2025-04-14T23:00:00.000Z',
      '2025-04-14T23:30:00.000Z',
      '2025-04-15T00:10:00.000Z',
      '2025-04-15T01:00:00.000Z',
      '2025-04-15T02:00:00.000Z',
    ];
    for (const [i, at] of times.entries()) await audit.append(entry(i, at, i === 4 ? 'accepted' : 'skipped'));
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await audit.list({
        from: '2025-04-14T00:00:00Z',
        to: '2025-04-15T23:59:59Z',
        top: 2,
        continuationToken: token,
      });
      seen.push(...result.items.map((e) => e.id));
      token = result.continuationToken;
      if (!token) break;
    }
    expect(seen).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
    expect(
      (
        await audit.list({ from: '2025-04-14T00:00:00Z', to: '2025-04-16T00:00:00Z', linkKey: 'odd' })
      ).items.map((e) => e.id),
    ).toEqual(['e3', 'e1']);
    const resets = await audit.list({
      from: '2025-04-14T00:00:00Z',
      to: '2025-04-16T00:00:00Z',
      outcome: 'accepted',
    });
    expect(resets.items).toEqual([
      expect.objectContaining({ id: 'e4', guards: [{ name: 'cooldown', passed: false, detail: 'x' }] }),
    ]);
    expect(
      (await audit.list({ from: '2025-04-15T00:30:00Z', to: '2025-04-15T01:30:00Z' })).items.map((e) => e.id),
    ).toEqual(['e3']);
  });
});

describe('table alert dedup (Azurite)', () => {
  it('when the same delivery is claimed 6 times at once, then one claim is first', async () => {
    const dedup = createTableAlertDedup(table('twremdedup'));
    const claims = await Promise.all(
      Array.from({ length: 6 }, () =>
        dedup.claim('/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1|Fired', NOW),
      ),
    );
    expect(claims.filter((c) => c === 'first')).toHaveLength(1);
  });

  it('when a first claim never marked its enqueue, then a retry is told it is in flight until the stale time, then takes over', async () => {
    const dedup = createTableAlertDedup(table('twremdedupstale'), 30_000);
    expect(await dedup.claim('a2|Fired', NOW)).toBe('first');
    expect(await dedup.claim('a2|Fired', new Date(NOW.getTime() + 1000))).toBe('in-flight');
    expect(await dedup.claim('a2|Fired', new Date(NOW.getTime() + 31_000))).toBe('first');
    await dedup.markEnqueued('a2|Fired');
    expect(await dedup.claim('a2|Fired', new Date(NOW.getTime() + 120_000))).toBe('duplicate');
  });

  it('when a claim is released after a failure, then the very next retry is first', async () => {
    const dedup = createTableAlertDedup(table('twremdedupreleased'), 30_000);
    expect(await dedup.claim('a3|Fired', NOW)).toBe('first');
    await dedup.release('a3|Fired');
    expect(await dedup.claim('a3|Fired', new Date(NOW.getTime() + 1000))).toBe('first');
    await dedup.markEnqueued('a3|Fired');
    await dedup.release('a3|Fired');
    expect(await dedup.claim('a3|Fired', new Date(NOW.getTime() + 2000))).toBe('duplicate');
  });
});

describe('a table that does not exist yet (Azurite)', () => {
  it('when nothing was ever written, then every read path sees no rows instead of failing with TableNotFound', async () => {
    const missing = table('twnevercreated');
    const pages: unknown[] = [];
    for await (const page of missing.pages("PartitionKey eq 'state'")) pages.push(...page);
    expect(pages).toEqual([]);
    expect(await missing.get('state', 'x')).toBeUndefined();
    expect(await createTableLinkStateStore(missing).list()).toEqual([]);
    expect(
      (
        await createTableAuditStore(missing).list({
          from: '2025-04-14T00:00:00Z',
          to: '2025-04-16T00:00:00Z',
        })
      ).items,
    ).toEqual([]);
  });
});

describe('continuation signing key (Azurite)', () => {
  it('when several instances start at once, then they agree on one random key; deleting its row rotates it', async () => {
    const secrets = table('twsecretskey');
    const keys = await Promise.all([
      loadSigningKey(secrets),
      loadSigningKey(secrets),
      loadSigningKey(secrets),
    ]);
    expect(keys[0].length).toBe(32);
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(1);
    expect((await loadSigningKey(secrets)).equals(keys[0])).toBe(true);
    await secrets.delete('secret', 'continuation-signing-key');
    expect((await loadSigningKey(secrets)).equals(keys[0])).toBe(false);
  });

  it('when two deployments share a storage setting, then their keys still differ (nothing is derived from settings)', async () => {
    const [a, b] = await Promise.all([
      loadSigningKey(table('twsecretsa')),
      loadSigningKey(table('twsecretsb')),
    ]);
    expect(a.equals(b)).toBe(false);
  });
});

describe('retention of remediation rows (Azurite)', () => {
  const DAY = 86_400_000;
  it('when audit rows span 100 days, then deleting before a 90-day cutoff leaves only the recent ones', async () => {
    const audit = createTableAuditStore(table('twremauditprune'));
    const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString();
    for (const [i, daysAgo] of [100, 95, 91, 89, 1].entries())
      await audit.append({
        id: `p${i}`,
        at: at(daysAgo),
        source: 'poller',
        step: 'decision',
        action: 'skip',
        outcome: 'skipped',
        reason: 'x',
      });
    expect(await audit.deleteBefore(NOW.getTime() - 90 * DAY)).toBe(3);
    expect(
      (await audit.list({ from: at(120), to: NOW.toISOString(), top: 100 })).items.map((e) => e.id),
    ).toEqual(['p4', 'p3']);
  });

  it('when dedup rows are older than the cutoff, then they are deleted and a newer delivery stays deduplicated', async () => {
    const dedup = createTableAlertDedup(table('twremdedupprune'));
    await dedup.claim('old|Fired', new Date(NOW.getTime() - 8 * DAY));
    await dedup.markEnqueued('old|Fired');
    await dedup.claim('new|Fired', NOW);
    await dedup.markEnqueued('new|Fired');
    expect(await dedup.deleteBefore(NOW.getTime() - 7 * DAY)).toBe(1);
    expect(await dedup.claim('new|Fired', NOW)).toBe('duplicate');
  });

  it('when incidents hold claims, then only claimed/resetting ones whose lease passed are stale', async () => {
    const store = createTableIncidentStore(table('twremincstale'));
    const base = { linkId: GW, attempts: 1, openedAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    const lease = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
    await store.create({
      ...base,
      linkKey: 'a',
      incidentId: 'i-a',
      state: 'claimed',
      claimLeaseUntil: lease(-1000),
    });
    await store.create({
      ...base,
      linkKey: 'b',
      incidentId: 'i-b',
      state: 'resetting',
      claimLeaseUntil: lease(-1000),
    });
    await store.create({
      ...base,
      linkKey: 'c',
      incidentId: 'i-c',
      state: 'claimed',
      claimLeaseUntil: lease(60_000),
    });
    await store.create({
      ...base,
      linkKey: 'd',
      incidentId: 'i-d',
      state: 'awaiting-postcheck',
      claimLeaseUntil: lease(-1000),
    });
    expect((await store.staleClaims(NOW)).map((i) => i.incidentId).sort()).toEqual(['i-a', 'i-b']);
  });
});
