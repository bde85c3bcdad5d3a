import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../src/local/stack/startAzurite';
import { runScenario } from './support/runScenario';

/**
 * Azurite stopped in the middle of a poll cycle and started again 4 s later (the cycle's storage calls retry meanwhile), on the same ports and with its
 * data on disk (a dedicated instance with a persistent location; the shared in-memory one is not touched).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'tw-azurite-outage-'));
let azurite: AzuriteInstance | undefined;
afterAll(async () => {
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('when storage goes away mid-cycle and comes back', () => {
  it('seed 404: the invariants hold and the data written before the outage survives the restart', async () => {
    const first = await startAzurite({ location: dir });
    azurite = first;
    const ports = { blob: first.blobPort, queue: first.queuePort, table: first.tablePort };
    const seed = 404;
    const result = await runScenario({
      connection: first.connectionString,
      seed,
      storageOutage: {
        atRound: 5,
        downMs: 4000,
        stop: async () => azurite?.stop(),
        start: async () => {
          azurite = await startAzurite({ location: dir, ports });
        },
      },
    });
    expect(azurite?.connectionString).toBe(first.connectionString);
    expect(result.violations, `seed ${seed} with a storage outage; rerun this file`).toEqual([]);
    expect(result.stats.resets, `seed ${seed}: the stuck links were never reset`).toBeGreaterThan(0);
  }, 150_000);
});
