import { errorCode } from '../../core/errors';
import type { RemediationDeps } from './remediationPorts';

export interface Evidence {
  readonly ok: boolean;
  readonly summary: string;
  readonly durationMs: number;
}

const MAX_SUMMARY = 2000;

/**
 * Best-effort GetIkeSas before a reset, so the audit shows what the tunnel looked like. Bounded twice: the adapter
 * gets the timeout, and a timer here stops waiting if it does not honour it. Failure never blocks the reset.
 */
export async function collectEvidence(deps: RemediationDeps, linkId: string): Promise<Evidence> {
  const started = deps.clock.now().getTime();
  const timeoutMs = deps.settings.ikeSasTimeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs + 1000);
  });
  try {
    const summary = await Promise.race([deps.network.getIkeSas(linkId, timeoutMs).then((s) => `ok: ${s}`), timeout]);
    return { ok: summary.startsWith('ok: '), summary: summary.slice(0, MAX_SUMMARY), durationMs: deps.clock.now().getTime() - started };
  } catch (thrown) {
    return { ok: false, summary: `unavailable: ${errorCode(thrown)}`, durationMs: deps.clock.now().getTime() - started };
  } finally {
    clearTimeout(timer);
  }
}
