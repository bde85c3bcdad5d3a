import { app } from '@azure/functions';
import { getHistory } from '../app/queries/getHistory';
import { historyCsv } from '../app/queries/historyCsv';
import { valueOrThrow } from '../app/queries/queryErrors';
import type { QueryDeps } from '../app/queries/queryPorts';
import { queryDeps } from '../composition/queryDeps';
import { parseHistoryQuery } from '../core/queries/parseHistoryQuery';
import { linkReference } from './http/linkReference';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/** GET /api/links/{key}/history: raw snapshots or hourly rollups, JSON or CSV (continuation in a header for CSV). */
export function historyHandler(deps: () => QueryDeps | Promise<QueryDeps>): HttpHandler {
  return withErrors(async (request) => {
    const d = await deps();
    const query = valueOrThrow(parseHistoryQuery(request.query, d.clock.now()));
    const { reference, options } = linkReference(request);
    const result = await getHistory(d, reference, query, options);
    if (query.format === 'json') return json(200, result);
    return {
      status: 200,
      body: historyCsv(result),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'cache-control': 'no-store',
        ...(result.continuationToken !== undefined && { 'x-continuation-token': result.continuationToken }),
      },
    };
  });
}

app.http('history', {
  route: 'links/{key}/history',
  methods: ['GET'],
  authLevel: 'function',
  handler: historyHandler(queryDeps),
});
