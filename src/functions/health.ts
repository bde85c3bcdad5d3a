import { app, type HttpResponseInit } from '@azure/functions';
import { json } from './http/queryResponses';

/** GET /api/health: liveness only (anonymous), so it touches no storage and reveals nothing. */
export async function healthHandler(): Promise<HttpResponseInit> {
  return json(200, { status: 'ok' });
}

app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: healthHandler });
