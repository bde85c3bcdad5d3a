import { describe, expect, inject, it } from 'vitest';
import { runFloodScenario } from './support/floodScenario';

/**
 * A remediation flood (one alert naming every gateway once queued thousands of requests whose reads took the whole
 * budget, and no poll cycle finished for minutes). Here 600 requests on a 200-link fleet are delivered 16 at a time
 * through one process's shared ARM adapter while a poll cycle starts every 20 s; requests for healthy links are
 * decided from storage, so a read storm of remediation-class link reads (16 at a time, far more than the budget
 * serves in the run) goes through the same adapter beside them. Invariants: every poll cycle completes within its
 * interval, and a link that goes down meanwhile is seen down within 2 intervals (plus one of slack). With
 * remediation reads served before every poll read, as before polling kept its share, no flood cycle completes.
 */
const INTERVAL_MS = 20_000;
/** Status GETs the four flood cycles may send themselves (down, unknown and stalled links: a handful each). */
const POLL_GETS_BOUND = 40;

describe('remediation flood', () => {
  it('seed 505: polling keeps its share, a cycle completes every interval and a failing link is seen down in time', async () => {
    const result = await runFloodScenario({ connection: inject('azuriteConnectionString'), seed: 505, intervalMs: INTERVAL_MS, cycles: 4, requests: 600, inFlight: 16, readsPerMinute: 600 });
    const flood = result.cycles.filter((c) => c.label.startsWith('flood-'));
    const summary = JSON.stringify({ ...result, cycles: result.cycles.map((c) => [c.label, c.durationMs, c.error?.code ?? c.skippedReason ?? c.links]) });
    // The flood was real: hundreds of remediation-class reads (a fresh link read is two GETs: the link and its
    // connection), as many as remediation's share of the budget serves, and the 600 requests were all delivered.
    expect(result.stormReads, summary).toBeGreaterThan(100);
    expect(result.deliveries, summary).toBeGreaterThanOrEqual(600);
    // The requests themselves cost (almost) nothing: beside the storm, the link GETs are the poll cycles' own.
    expect((result.readsByOperation.VpnSiteLinkConnections_Get ?? 0) - result.stormReads, summary).toBeLessThanOrEqual(POLL_GETS_BOUND);
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
