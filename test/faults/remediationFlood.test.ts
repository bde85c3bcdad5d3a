import { describe, expect, inject, it } from 'vitest';
import { runFloodScenario } from './support/floodScenario';

/**
 * A remediation flood (issue: one alert naming every gateway queued thousands of requests whose reads took the whole
 * budget, and no poll cycle finished for minutes). Here 600 requests on a 200-link fleet are delivered 16 at a time
 * through one process's shared ARM adapter, far more reads than the budget serves in the run, while a poll cycle
 * starts every 20 s. Invariants: every poll cycle completes within its interval, and a link that goes down
 * meanwhile is seen down within 2 intervals (plus one of slack). With remediation reads served before every poll
 * read, as before polling kept its share, no flood cycle completes within the test's two minutes.
 */
const INTERVAL_MS = 20_000;

describe('remediation flood', () => {
  it('seed 505: polling keeps its share, a cycle completes every interval and a failing link is seen down in time', async () => {
    const result = await runFloodScenario({ connection: inject('azuriteConnectionString'), seed: 505, intervalMs: INTERVAL_MS, cycles: 4, requests: 600, inFlight: 16, readsPerMinute: 600 });
    const flood = result.cycles.filter((c) => c.label.startsWith('flood-'));
    const summary = JSON.stringify({ ...result, cycles: result.cycles.map((c) => [c.label, c.durationMs, c.error?.code ?? c.skippedReason ?? c.links]) });
    // The flood was real: hundreds of link GETs (the poll cycles' own status reads are a handful; the rest are the
    // remediation requests' fresh reads) and requests still queued at the end.
    expect(result.readsByOperation.VpnSiteLinkConnections_Get, summary).toBeGreaterThan(200);
    expect(result.queuedAtEnd, summary).toBeGreaterThan(0);
    // (1) A poll cycle completes every interval: none failed, none skipped, each done before the next is due.
    expect(flood, summary).toHaveLength(4);
    for (const cycle of flood) {
      expect(cycle.error, summary).toBeUndefined();
      expect(cycle.skippedReason, summary).toBeUndefined();
      expect(cycle.links, summary).toBe(result.cycles[0]!.links);
      expect(cycle.durationMs, summary).toBeLessThan(INTERVAL_MS);
    }
    // (2) The link set down before the second cycle is seen down by the poller within 2 intervals.
    expect(result.seenDownAtMs, summary).toBeDefined();
    expect(result.seenDownAtMs! - result.failedAtMs, summary).toBeLessThanOrEqual(2 * INTERVAL_MS + INTERVAL_MS);
    expect(result.crashes, summary).toEqual([]);
  }, 120_000);
});
