import { describe, expect, inject, it } from 'vitest';
import type { IncidentStore, RemediationDeps } from '../../src/app/remediation/remediationPorts';
import { runScenario } from './support/runScenario';

/**
 * The suite proves something only if it can fail: the same scenario with a deliberately broken guard must be
 * caught by an invariant. Here the incident claim "always succeeds" (the ETag is ignored: last writer wins), so
 * duplicate deliveries handled by concurrent workers each believe they hold the claim.
 */
function claimAlwaysSucceeds(deps: RemediationDeps): RemediationDeps {
  const store = deps.incidents;
  const blind: IncidentStore = {
    get: (linkKey) => store.get(linkKey),
    create: async (incident) => (await store.create(incident)) ?? blindReplace(incident),
    replace: async (incident) => blindReplace(incident),
  };
  async function blindReplace(incident: Parameters<IncidentStore['replace']>[0]) {
    const current = await store.get(incident.linkKey);
    return current ? store.replace(incident, current.etag) : store.create(incident);
  }
  return { ...deps, incidents: blind };
}

describe('the fault-injection suite itself', () => {
  it('catches a remediation worker whose incident claim ignores the ETag (double resets inside the cooldown)', async () => {
    const result = await runScenario({ connection: inject('azuriteConnectionString'), seed: 101, tag: 'broken', wrapWorker: claimAlwaysSucceeds });
    expect(result.violations.some((v) => v.startsWith('(1)')), `seed 101 with a broken claim: ${result.violations.join('\n')}`).toBe(true);
  }, 90_000);
});
