import { errorCode } from '../../core/errors';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import type { IkeSasEvidence } from '../ports';
import { audit } from './audit';
import type { RemediationDeps } from './remediationPorts';

export interface Evidence {
  readonly outcome: IkeSasEvidence['outcome'];
  /** The IKE SA summary when collected, else why there is none. */
  readonly text: string;
  /** From the start of the read to its result. */
  readonly durationMs: number;
}

/** Evidence being read in the background: what it is now (undefined while pending) and when it is done. */
export interface EvidenceRead {
  readonly startedAt: number;
  current(): Evidence | undefined;
  /** Always resolves (never rejects), at the latest a second after the read's own bound. */
  readonly settled: Promise<Evidence>;
}

const MAX_TEXT = 2000;

/**
 * Starts a best-effort GetIkeSas and returns at once, so the reset is never held for it: the caller sends the reset
 * and attaches whatever the read has by then. Bounded twice: the adapter gets the timeout, and a timer here stops
 * waiting if it does not honour it. A failure or a slow read is an 'unavailable' result, never an exception.
 */
export function startEvidence(deps: RemediationDeps, linkId: string): EvidenceRead {
  const startedAt = deps.clock.now().getTime();
  const timeoutMs = deps.settings.ikeSasTimeoutMs;
  let result: Evidence | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = (e: IkeSasEvidence): Evidence => {
    const text = e.outcome === 'collected' ? e.summary : e.reason;
    result ??= { outcome: e.outcome, text: text.slice(0, MAX_TEXT), durationMs: deps.clock.now().getTime() - startedAt };
    clearTimeout(timer);
    return result;
  };
  const timedOut = new Promise<IkeSasEvidence>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: 'unavailable', reason: `timed out after ${timeoutMs} ms` }), timeoutMs + 1000);
  });
  const read = Promise.resolve()
    .then(() => deps.network.getIkeSas(linkId, timeoutMs))
    .catch((thrown: unknown): IkeSasEvidence => ({ outcome: 'unavailable', reason: errorCode(thrown) }));
  const settled = Promise.race([read, timedOut]).then(done);
  return { startedAt, current: () => result, settled };
}

/** The evidence field of the reset's audit row: the summary, why there is none, or that it is still being read. */
export function evidenceAtReset(read: EvidenceRead): string {
  const now = read.current();
  if (now === undefined) return 'pending: GetIkeSas still running when the reset was sent; its result follows';
  return now.outcome === 'collected' ? now.text : `unavailable: ${now.text}`;
}

/**
 * The evidence row that follows a reset's row: outcome 'collected' (the summary) or 'unavailable' (why), and when the
 * read started relative to the POST. Best-effort: a failed audit write loses this row only, never the reset's record.
 */
export async function auditEvidence(
  deps: RemediationDeps,
  request: RemediationRequest,
  base: { readonly linkKey: string; readonly incidentId: string; readonly attempt: number },
  evidence: Evidence,
  resetAt: Date,
  startedAt: number,
): Promise<void> {
  const lead = resetAt.getTime() - startedAt;
  const when = lead >= 0 ? `started ${lead} ms before the reset was sent` : `started ${-lead} ms after the reset was sent`;
  const collected = evidence.outcome === 'collected';
  await audit(deps, request, {
    ...base,
    step: 'evidence',
    action: 'get-ike-sas',
    outcome: evidence.outcome,
    reason: collected ? `IKE SAs read (${when})` : `no IKE SA evidence: ${evidence.text} (${when})`.slice(0, 500),
    ...(collected && { evidence: evidence.text }),
    durationMs: evidence.durationMs,
  }).catch(() => undefined);
}
