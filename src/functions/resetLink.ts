import { app, type HttpRequest } from '@azure/functions';
import { requestManualReset } from '../app/remediation/requestManualReset';
import type { RemediationDeps } from '../app/remediation/remediationPorts';
import { TunnelwatchError } from '../core/errors';
import { remediationServices } from '../composition/remediationDeps';
import { linkReference } from './http/linkReference';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/** POST /api/links/{key}/reset[?dryRun=true] — an operator's reset through the same guards (202 queued; 200 dry-run decision or already queued). */
export function resetLinkHandler(deps: () => Promise<RemediationDeps>): HttpHandler {
  return withErrors(async (request) => {
    const dryRunText = request.query.get('dryRun') ?? 'false';
    if (!['true', 'false'].includes(dryRunText.toLowerCase()))
      throw new TunnelwatchError('REQUEST.INVALID', 'dryRun must be true or false');
    const d = await deps();
    const { reference, options } = linkReference(request);
    const result = await requestManualReset(
      d,
      reference,
      {
        dryRun: dryRunText.toLowerCase() === 'true',
        ...operatorOf(request, d.settings.appServiceAuth === true),
        ...options,
      },
      d.clock.now(),
    );
    // 202 only when this call queued a request; a dry run's decision and "one is already queued" are answers (200).
    return json(result.status === 'enqueued' ? 202 : 200, result);
  });
}

const MAX_OPERATOR_CHARS = 200;

/**
 * The principal header is trusted only when App Service authentication sets it (it strips client-sent copies);
 * otherwise anyone holding the function key could name anyone, so the name is recorded as a claim.
 */
function operatorOf(
  request: HttpRequest,
  appServiceAuth: boolean,
): { requestedBy: string; claimedBy?: string } {
  const principal = request.headers.get('x-ms-client-principal-name') ?? undefined;
  const asked = request.query.get('requestedBy') ?? undefined;
  // Stored in queue messages and audit rows: refuse, rather than cut, a name beyond the bound.
  for (const [name, value] of [
    ['x-ms-client-principal-name', principal],
    ['requestedBy', asked],
  ] as const) {
    if (value !== undefined && value.length > MAX_OPERATOR_CHARS)
      throw new TunnelwatchError(
        'REQUEST.INVALID',
        `${name} must be at most ${MAX_OPERATOR_CHARS} characters`,
      );
  }
  if (appServiceAuth && principal) return { requestedBy: principal };
  const claimed = principal ?? asked;
  return { requestedBy: 'operator (function key)', ...(claimed && { claimedBy: claimed }) };
}

app.http('resetLink', {
  route: 'links/{key}/reset',
  methods: ['POST'],
  authLevel: 'function',
  handler: resetLinkHandler(remediationServices),
});
