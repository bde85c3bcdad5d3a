import { app } from '@azure/functions';
import { acceptAlert, type AlertHttpDeps } from '../app/remediation/acceptAlert';
import { alertServices } from '../composition/remediationDeps';
import { readJsonBody } from './http/remediationHttp';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/**
 * POST /api/alerts — Azure Monitor action-group webhook. 202 when requests were queued (or a retry of one that
 * was), 200 with the reason when the alert changes nothing, 503 + Retry-After while it cannot complete yet;
 * 4xx for bad input, never 5xx for it.
 */
export function alertsHandler(deps: () => Promise<AlertHttpDeps>): HttpHandler {
  return withErrors(async (request) => {
    const d = await deps();
    if (d.tokenValidator) await d.tokenValidator.validate(request.headers.get('authorization'));
    const body = await readJsonBody(request, d.maxBodyBytes);
    const result = await acceptAlert(d, body, d.clock.now());
    // 503 + Retry-After is what action groups retry; anything 2xx ends the delivery for good.
    if (result.status === 'retry')
      return json(503, result, { 'retry-after': String(result.retryAfterSeconds ?? 30) });
    return json(result.status === 'ignored' ? 200 : 202, result);
  });
}

app.http('alerts', {
  route: 'alerts',
  methods: ['POST'],
  authLevel: 'function',
  handler: alertsHandler(alertServices),
});
