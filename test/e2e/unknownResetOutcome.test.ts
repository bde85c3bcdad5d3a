import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SETTINGS, startLocalStack, type LocalStack } from '../../src/local/stack/localStack';

const root = path.resolve(__dirname, '../..');
const COOLDOWN_MS = Number(DEMO_SETTINGS.TW_RESET_COOLDOWN_MINUTES) * 60_000;

/**
 * The reproduction of a real incident, on `npm start` with its demo settings: the stuck link's resets have no
 * effect and every status poll of the reset operation is throttled. ARM accepted the first POST, so that was a
 * reset: no second POST may follow inside the cooldown (5 minutes), whatever the throttled polls said.
 */
describe('npm start: a reset whose status cannot be read', () => {
  let stack: LocalStack;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack({
      functionsDir: path.join(root, 'src', 'functions'),
      hostJsonPath: path.join(root, 'host.json'),
      port: 0,
      log: (line) => lines.push(line),
    });
    const sim = stack.simulator!;
    sim.addFault({ kind: 'reset-no-effect', id: stack.demo!.stuckLinkId });
    for (const operation of ['Network_Locations_OperationResults', 'Network_Locations_Operations'] as const)
      sim.addFault({ kind: '429', operation });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it(
    'when ARM accepted the reset and every status poll answers 429, then there is exactly one reset POST in the following cooldown and the audit says unknown',
    async () => {
      const sim = stack.simulator!;
      const stuckId = stack.demo!.stuckLinkId;
      const resets = (): number => sim.calls().resets[stuckId] ?? 0;
      const firstBy = Date.now() + 120_000;
      while (resets() === 0 && Date.now() < firstBy) await new Promise((resolve) => setTimeout(resolve, 500));
      expect(resets(), `host log:\n${lines.slice(-30).join('\n')}`).toBe(1);
      const firstAt = Date.now();
      // Watch the whole cooldown (less a margin for the detection delay above): still exactly one POST.
      while (Date.now() - firstAt < COOLDOWN_MS - 10_000) {
        expect(resets(), `host log:\n${lines.slice(-30).join('\n')}`).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      expect(resets()).toBe(1);
      const { apiUrl, functionKey } = stack.host;
      const audit = (await (await fetch(`${apiUrl}/remediations?code=${functionKey}&top=200`)).json()) as {
        items: Array<{ outcome: string; step: string; linkId?: string }>;
      };
      const ofLink = audit.items
        .filter((entry) => entry.linkId === stuckId && entry.step === 'reset')
        .map((entry) => entry.outcome);
      expect(ofLink).toContain('accepted');
      expect(ofLink).toContain('unknown');
    },
    COOLDOWN_MS + 180_000,
  );
});
