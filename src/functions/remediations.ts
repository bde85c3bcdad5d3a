import { app } from '@azure/functions';
import { listRemediations } from '../app/queries/listRemediations';
import { valueOrThrow } from '../app/queries/queryErrors';
import type { QueryDeps } from '../app/queries/queryPorts';
import { queryDeps } from '../composition/queryDeps';
import { parseRemediationsQuery } from '../core/queries/parseRemediationsQuery';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/** GET /api/remediations: the audit log, filtered by time, link and outcome. */
export function remediationsHandler(deps: () => QueryDeps | Promise<QueryDeps>): HttpHandler {
  return withErrors(async (request) => {
    const d = await deps();
    return json(
      200,
      await listRemediations(d, valueOrThrow(parseRemediationsQuery(request.query, d.clock.now()))),
    );
  });
}

app.http('remediations', {
  route: 'remediations',
  methods: ['GET'],
  authLevel: 'function',
  handler: remediationsHandler(queryDeps),
});
