import { describe, expect, it } from 'vitest';
import { createInMemoryTable } from '../../../src/adapters/inMemoryTable';
import { createTableSnapshotStore } from '../../../src/adapters/tableSnapshotStore';
import { linkKeyFromId } from '../../../src/core/linkKey';
import type { LinkSnapshot } from '../../../src/core/linkSnapshot';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const GW = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw';

function snapshot(i: number, status: string): LinkSnapshot {
  const connectionId = `${GW}/vpnConnections/c${i}`;
  const id = `${connectionId}/vpnSiteLinkConnections/l1`;
  return { id, key: linkKeyFromId(id), kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: 'gw', gatewayId: GW, connection: `c${i}`, connectionId, link: 'l1', status, ingressBytes: '1', egressBytes: '1', polledAt: new Date(T0).toISOString() };
}

describe('snapshot writes', () => {
  it('inserts new snapshots in one transaction per partition batch, and a snapshot written again replaces the first', async () => {
    const counter = { count: 0 };
    const store = createTableSnapshotStore(createInMemoryTable('snapshots', counter));
    const first = snapshot(1, 'Connected');

    await store.write([first]);
    expect(counter.count).toBe(1);
    await store.write([{ ...first, status: 'NotConnected' }]);

    const history = await store.history(first.key, { fromMs: T0, toMs: T0 });
    expect(history.map((s) => s.status)).toEqual(['NotConnected']);
  });
});
