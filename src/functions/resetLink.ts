import { app } from '@azure/functions';
import { requestManualReset } from '../app/remediation/requestManualReset';
import type { RemediationDeps } from '../app/remediation/remediationPorts';
import { TunnelwatchError } from '../core/errors';
import { remediationServices } from '../composition/remediationDeps';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/** POST /api/links/{key}/reset[?dryRun=true] — an operator's reset through the same guards (202 queued; 200 dry-run decision). */
export function resetLinkHandler(deps: () => Promise<RemediationDeps>): HttpHandler {
  return withErrors(async (request) => {
    const dryRunText = request.query.get('dryRun') ?? 'false';
    if (!['true', 'false'].includes(dryRunText.toLowerCase())) throw new TunnelwatchError('REQUEST.INVALID', 'dryRun must be true or false');
    const requestedBy = request.headers.get('x-ms-client-principal-name') ?? request.query.get('requestedBy') ?? 'operator (function key)';
    const d = await deps();
    const result = await requestManualReset(d, request.params.key ?? '', { dryRun: dryRunText.toLowerCase() === 'true', requestedBy }, d.clock.now());
    return json(result.status === 'decided' ? 200 : 202, result);
  });
}

app.http('resetLink', { route: 'links/{key}/reset', methods: ['POST'], authLevel: 'function', handler: resetLinkHandler(remediationServices) });
