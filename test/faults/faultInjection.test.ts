import { describe, expect, inject, it } from 'vitest';
import { runScenario } from './support/runScenario';

/**
 * Seeded fault-injection scenarios over the simulator, Azurite and the app's real handlers (three remediation
 * workers, two poller instances). A failure names its seed: FAULT_SEEDS=<seed> npx vitest run test/faults reruns it.
 */
const CI_SEEDS = [101, 202, 303];
const seeds = process.env.FAULT_SEEDS ? process.env.FAULT_SEEDS.split(',').map(Number) : CI_SEEDS;

describe('under injected faults, duplicates and crashes', () => {
  it.each(seeds)('seed %i: every invariant holds once the faults stop', async (seed) => {
    const result = await runScenario({ connection: inject('azuriteConnectionString'), seed });
    expect(result.violations, `seed ${seed} (faults: ${result.stats.faults.join(', ')}); rerun with FAULT_SEEDS=${seed}`).toEqual([]);
    expect(result.stats.resets, `seed ${seed}: the stuck links were never reset`).toBeGreaterThan(0);
    expect(result.stats.huaweiResets, `seed ${seed}: the stuck Huawei connection was never reset`).toBeGreaterThan(0);
  }, 90_000);
});
