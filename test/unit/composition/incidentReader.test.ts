import { describe, expect, it } from 'vitest';
import { InMemoryIncidentStore } from '../../support/fakes/inMemoryIncidentStore';
import { incidentReader } from '../../../src/composition/queryDeps';
import type { Incident } from '../../../src/core/remediation/incident';

function buildIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    linkKey: 'k1',
    linkId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/c1',
    incidentId: 'inc-1',
    state: 'resetting',
    attempts: 1,
    openedAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:05:00.000Z',
    claimedBy: 'worker-token',
    resumeToken: '{"lro":"https://management.azure.com/..."}',
    lastReason: 'stuck',
    ...overrides,
  };
}

describe('the incident shown with a link', () => {
  it('when the link has that open incident, then its progress is shown without claim or resume tokens', async () => {
    const store = new InMemoryIncidentStore();
    await store.create(buildIncident());
    const shown = await incidentReader(store).get('k1', 'inc-1');
    expect(shown).toMatchObject({ id: 'inc-1', state: 'resetting', attempts: 1, lastReason: 'stuck' });
    expect(JSON.stringify(shown)).not.toMatch(/worker-token|management\.azure\.com/);
  });

  it.each([
    ['another incident is stored for the link', 'inc-0'],
    ['nothing is stored for the link', undefined],
  ])('when %s, then no incident is shown', async (_case, storedId) => {
    const store = new InMemoryIncidentStore();
    if (storedId) await store.create(buildIncident({ incidentId: storedId }));
    expect(await incidentReader(store).get('k1', 'inc-1')).toBeUndefined();
  });
});
