import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { json } from './http/httpErrors';

/**
 * GET /api/health: liveness only (anonymous), so it touches no storage and reveals nothing. An anonymous route
 * cannot check a function key, so `?details=true` is refused here with a pointer to the keyed route
 * (`GET /api/health/details`, healthDetails.ts).
 */
export async function healthHandler(request?: HttpRequest): Promise<HttpResponseInit> {
  const details = request?.query.get('details');
  if (details !== null && details !== undefined && details !== 'false') {
    const message =
      'health details need the function key: GET /api/health/details with the x-functions-key header (or ?code=)';
    return json(401, { error: { code: 'REQUEST.UNAUTHORIZED', message } });
  }
  return json(200, { status: 'ok' });
}

app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: healthHandler });
