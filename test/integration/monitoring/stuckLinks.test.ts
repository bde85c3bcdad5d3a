import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { linkKeyFromId } from '../../../src/core/linkKey';
import { parseRemediationRequest } from '../../../src/core/remediationRequest';
import { peekQueue, startHarness, type Harness } from './monitoringHarness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
});
afterAll(async () => h.stop());

/** Runs `cycles` poll cycles one minute apart. */
async function pollEveryMinute(deps: ReturnType<Harness['deps']>, cycles: number): Promise<void> {
  for (let i = 0; i < cycles; i++) {
    await runPollCycle(deps);
    h.clock.advance(60_000);
  }
}

describe('stuck links', () => {
  it('when a link is held down past the threshold for many cycles, then exactly one remediation message is queued', async () => {
    const prefix = 'twstuck';
    const deps = h.deps(prefix);
    const link = h.sim.listLinks().find((l) => l.kind === 'vwan')!;
    h.sim.setLinkState({ id: link.id, scenario: 'stuck' });

    await pollEveryMinute(deps, 12);

    const messages = (await peekQueue(h.connection, `${prefix}-remediation`)).map(parseRemediationRequest);
    expect(messages).toHaveLength(1);
    const state = await deps.states.get(linkKeyFromId(link.id));
    expect(messages[0]).toMatchObject({ kind: 'remediate', source: 'poller', linkId: link.id, incidentId: state?.incidentId });

    h.sim.setLinkState({ id: link.id, scenario: 'none', status: 'Connected' });
    await pollEveryMinute(deps, 1);
    expect((await deps.states.get(linkKeyFromId(link.id)))?.incidentId).toBeUndefined();
  });

  it('honours per-connection tags: a shorter threshold fires sooner, remediate=false opens an incident without a message', async () => {
    const prefix = 'twtags';
    const [fast, optedOut] = h.sim.listLinks().filter((l) => l.kind === 'vwan').slice(4, 10).filter((_, i) => i % 2 === 0);
    const connectionOf = (id: string): string => id.split('/').slice(0, 11).join('/');
    h.sim.setTags(connectionOf(fast!.id), { 'tunnelwatch-threshold-minutes': '1' });
    h.sim.setTags(connectionOf(optedOut!.id), { 'tunnelwatch-remediate': 'false', 'tunnelwatch-threshold-minutes': '1' });
    const deps = h.deps(prefix, { TW_STUCK_THRESHOLD_MINUTES: '30' });
    for (const l of [fast!, optedOut!]) h.sim.setLinkState({ id: l.id, scenario: 'stuck' });

    await pollEveryMinute(deps, 3);

    const messages = (await peekQueue(h.connection, `${prefix}-remediation`)).map(parseRemediationRequest);
    expect(messages.map((m) => m.linkId)).toEqual([fast!.id]);
    expect((await deps.states.get(linkKeyFromId(optedOut!.id)))?.incidentId).toMatch(/^inc-/);
    expect((await deps.states.get(linkKeyFromId(optedOut!.id)))?.overrides).toEqual({ remediate: false, stuckThresholdMs: 60_000 });
  });
});
