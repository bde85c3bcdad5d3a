import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MonitoringDeps } from '../../../src/app/monitoring/monitoringDeps';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { peekQueue, startHarness, type Harness } from './monitoringHarness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
});
afterAll(async () => h.stop());

describe('a crossing request on the simulator and Azurite', () => {
  it('when a link crosses the threshold, then its request is on the queue before the cycle writes its transitions', async () => {
    const prefix = 'twcrossing';
    const queueName = `${prefix}-remediation`;
    const base = h.deps(prefix);
    let queuedAtTransitions: number[] = [];
    const deps: MonitoringDeps = {
      ...base,
      transitions: {
        ...base.transitions,
        write: async (transitions) => {
          queuedAtTransitions.push((await peekQueue(h.connection, queueName)).length);
          await base.transitions.write(transitions);
        },
      },
    };
    const link = h.sim.listLinks().find((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly')!;
    h.sim.setLinkState({ id: link.id, scenario: 'stuck' });
    for (let minute = 0; minute < 10; minute++) {
      queuedAtTransitions = [];
      await runPollCycle(deps);
      const queued = await peekQueue(h.connection, queueName);
      if (queued.length > 0) {
        expect(queued).toHaveLength(1);
        // Every chunk's transition write (the suspects' chunk and the rest) found the request already queued.
        expect(queuedAtTransitions.length).toBeGreaterThan(0);
        expect(queuedAtTransitions.every((n) => n === 1)).toBe(true);
        return;
      }
      h.clock.advance(60_000);
    }
    throw new Error('the stuck link never crossed the threshold');
  });
});
