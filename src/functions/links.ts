import { app } from '@azure/functions';
import { listLinks } from '../app/queries/listLinks';
import { valueOrThrow } from '../app/queries/queryErrors';
import type { QueryDeps } from '../app/queries/queryPorts';
import { queryDeps } from '../composition/queryDeps';
import { parseLinksQuery } from '../core/queries/parseLinksQuery';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/** GET /api/links: current state of every link, filtered and paged. */
export function linksHandler(deps: () => QueryDeps | Promise<QueryDeps>): HttpHandler {
  return withErrors(async (request) =>
    json(200, await listLinks(await deps(), valueOrThrow(parseLinksQuery(request.query)))),
  );
}

app.http('links', {
  route: 'links',
  methods: ['GET'],
  authLevel: 'function',
  handler: linksHandler(queryDeps),
});
