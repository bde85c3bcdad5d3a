import type { ProductionMonitoringDeps } from '../../../src/composition/createMonitoringDeps';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { errorCode, toError, TunnelwatchError } from '../../../src/core/errors';
import type { FaultStack } from './faultStack';
import type { CycleRecord } from './invariants';
import type { DeliveryLog } from './delivery';

/**
 * One timer firing: a poll cycle through the real use case. A thrown cycle is recorded with its error code (what
 * the host logs as a failed invocation); a non-coded error is a crash.
 */
export async function pollOnce(stack: FaultStack, deps: ProductionMonitoringDeps, label: string, log: DeliveryLog, midCycle?: () => void): Promise<CycleRecord> {
  const timer = midCycle ? setTimeout(midCycle, 15) : undefined;
  try {
    const summary = await runPollCycle(deps);
    stack.logs.push(`information poll ${JSON.stringify(summary)}`);
    return {
      label,
      cycleId: summary.cycleId,
      mode: summary.mode,
      links: summary.links,
      failures: summary.failures.length,
      liveLinks: stack.sim.listLinks().length,
      ...(summary.skippedReason !== undefined && { skippedReason: summary.skippedReason }),
    };
  } catch (thrown) {
    const error = toError(thrown);
    if (!(thrown instanceof TunnelwatchError) || thrown.code === 'INTERNAL') log.crashes.push(`poll ${label} died of a bug: ${error.stack ?? error.message}`);
    stack.logs.push(`error poll ${label} ${errorCode(error)} ${error.message}`);
    return { label, liveLinks: stack.sim.listLinks().length, error: { code: errorCode(error), message: error.message } };
  } finally {
    if (timer) await new Promise((resolve) => setTimeout(resolve, 20)).then(() => clearTimeout(timer));
  }
}
