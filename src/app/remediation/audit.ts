import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import type { AuditEntry, RemediationDeps } from './remediationPorts';

type Step = Omit<AuditEntry, 'id' | 'at' | 'source' | 'actor' | 'requestId' | 'linkId' | 'mode'>;

/** Appends one audit row for a step taken on behalf of `request` (who asked is derived from the request). */
export async function audit(deps: RemediationDeps, request: RemediationRequest, step: Step): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    at: deps.clock.now().toISOString(),
    source: request.source,
    actor: actorOf(request),
    requestId: request.requestId,
    linkId: request.linkId,
    mode: request.dryRun === true ? 'dry-run' : deps.settings.remediationMode,
    ...(request.claimedBy !== undefined && { claimedBy: request.claimedBy }),
    ...step,
  });
}

export function actorOf(request: RemediationRequest): string {
  if (request.source === 'alert') return request.alertId ?? 'alert';
  if (request.source === 'operator') return request.requestedBy ?? 'operator';
  return request.source;
}
