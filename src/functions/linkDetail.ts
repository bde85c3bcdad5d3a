import { app } from '@azure/functions';
import { getLink } from '../app/queries/getLink';
import type { QueryDeps } from '../app/queries/queryPorts';
import { queryDeps } from '../composition/queryDeps';
import { linkReference } from './http/linkReference';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/** GET /api/links/{key}: one link with its configuration, recent transitions and open incident. */
export function linkDetailHandler(deps: () => QueryDeps | Promise<QueryDeps>): HttpHandler {
  return withErrors(async (request) => {
    const { reference, options } = linkReference(request);
    return json(200, await getLink(await deps(), reference, options));
  });
}

app.http('linkDetail', {
  route: 'links/{key}',
  methods: ['GET'],
  authLevel: 'function',
  handler: linkDetailHandler(queryDeps),
});
