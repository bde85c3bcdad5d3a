import { app, type HttpResponseInit } from '@azure/functions';

/** GET /api/health: liveness only (anonymous), so it touches no storage and reveals nothing. */
export async function healthHandler(): Promise<HttpResponseInit> {
  return { status: 200, jsonBody: { status: 'ok' }, headers: { 'cache-control': 'no-store' } };
}

app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: healthHandler });
