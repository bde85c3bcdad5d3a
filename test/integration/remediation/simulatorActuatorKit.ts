import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createJsonQueue } from '../../../src/adapters/storage/storageQueueClient';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import type { RemediationDeps } from '../../../src/app/remediation/remediationPorts';
import { createRemediationDeps } from '../../../src/composition/remediationDeps';
import { loadConfig } from '../../../src/config/loadConfig';
import { parseRemediationRequest, type RemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { testTokenCredential } from '../../support/simulatorClient';
import type { Harness } from '../monitoring/monitoringHarness';
import { FakeQueue } from '../../unit/remediation/support/remediationHarness';

export type SimulatorActuatorKit = ReturnType<typeof createSimulatorActuatorKit>;

/** The real actuator over the simulator (real NetworkManagementClient) and Azurite, driven on the harness clock. */
export function createSimulatorActuatorKit(h: Harness) {
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-rem-')), 'sim.pem');
  writeFileSync(caFile, h.sim.certPem);

  /** Follow-ups (post-checks, retries) land in `followUps` instead of a real queue. */
  const actuator = (prefix: string, settings: Record<string, string> = {}) => {
    const config = loadConfig({
      AzureWebJobsStorage: h.connection,
      TW_SCOPES: `/subscriptions/${h.sim.fleet.subscriptionIds()[0]}`,
      TW_ARM_ENDPOINT: h.sim.url,
      TW_ARM_CA_FILE: caFile,
      TW_TABLE_PREFIX: prefix,
      TW_REMEDIATION_QUEUE: `${prefix.toLowerCase()}-remediation`,
      TW_REMEDIATION_MODE: 'enabled',
      TW_POSTCHECK_DELAY_MINUTES: '0',
      TW_RESET_TIMEOUT_SECONDS: '10',
      TW_IKESAS_TIMEOUT_SECONDS: '5',
      ...settings,
    });
    const built = createRemediationDeps(config, { credential: testTokenCredential, clock: h.clock });
    const followUps = new FakeQueue();
    return { deps: { ...built, queue: followUps } as RemediationDeps, followUps, alert: built.alert };
  };

  /**
   * Holds a resettable vWAN link (from the `index`-th on; ResponderOnly links are escalated, never reset) down and
   * polls until the poller has queued its one remediation request.
   */
  const makeStuck = async (prefix: string, index: number): Promise<{ linkId: string; pollerRequest: RemediationRequest }> => {
    const monitoring = h.deps(prefix);
    const candidates = h.sim.listLinks().filter((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly').slice(index);
    const link = candidates[0]!;
    h.sim.setLinkState({ id: link.id, scenario: 'stuck' });
    for (let i = 0; i < 7; i++) {
      await runPollCycle(monitoring);
      h.clock.advance(60_000);
    }
    const queued = (await createJsonQueue(h.connection, `${prefix}-remediation`).peekJson(32)).map(parseRemediationRequest).filter((m) => m.linkId === link.id);
    expect(queued).toHaveLength(1);
    return { linkId: link.id, pollerRequest: queued[0]! };
  };

  /** Delivers follow-ups as the queue would, advancing the clock by each message's visibility delay. */
  const deliverFollowUps = async (deps: RemediationDeps, followUps: FakeQueue, max = 20): Promise<number> => {
    let delivered = 0;
    for (let i = 0; i < max; i++) {
      const next = followUps.drain();
      if (next.length === 0) return delivered;
      for (const m of next) {
        h.clock.advance(m.visibilityDelayMs);
        await handleRemediationRequest(deps, m.request, h.clock.now());
        delivered++;
      }
    }
    throw new Error('follow-ups did not settle');
  };

  const resetsOf = (linkId: string): number =>
    Object.entries(h.sim.calls().resets)
      .filter(([id]) => id.toLowerCase() === linkId.toLowerCase())
      .reduce((n, [, c]) => n + c, 0);

  return { actuator, makeStuck, deliverFollowUps, resetsOf };
}
