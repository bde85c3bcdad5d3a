import { app } from '@azure/functions';
import { recentFleetSummary } from '../app/queries/getFleetSummary';
import type { QueryDeps } from '../app/queries/queryPorts';
import { queryDeps } from '../composition/queryDeps';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/**
 * GET /api/fleet: totals, problem gateways first (healthy ones as counts), 24 h availability and open incidents;
 * one summary serves the process's requests of the next few seconds (recentFleetSummary).
 */
export function fleetHandler(deps: () => QueryDeps | Promise<QueryDeps>, summary = recentFleetSummary()): HttpHandler {
  return withErrors(async () => json(200, await summary(await deps())));
}

app.http('fleet', {
  route: 'fleet',
  methods: ['GET'],
  authLevel: 'function',
  handler: fleetHandler(queryDeps),
});
