import { app, type HttpResponseInit } from '@azure/functions';
import { json } from './http/httpErrors';
import { openApiDocument } from '../app/queries/openApiDocument';

/** GET /api/openapi.json: the HTTP API described for tools (function key required, like the routes it describes). */
export async function openApiHandler(): Promise<HttpResponseInit> {
  return json(200, openApiDocument());
}

app.http('openapi', {
  route: 'openapi.json',
  methods: ['GET'],
  authLevel: 'function',
  handler: openApiHandler,
});
