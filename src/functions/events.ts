import { app } from '@azure/functions';
import { getEvents } from '../app/queries/getEvents';
import { valueOrThrow } from '../app/queries/queryErrors';
import type { QueryDeps } from '../app/queries/queryPorts';
import { queryDeps } from '../composition/queryDeps';
import { parseEventsQuery } from '../core/queries/parseEventsQuery';
import { linkReference } from './http/linkReference';
import { json, withErrors, type HttpHandler } from './http/httpErrors';

/** GET /api/links/{key}/events: status transitions in a time range. */
export function eventsHandler(deps: () => QueryDeps | Promise<QueryDeps>): HttpHandler {
  return withErrors(async (request) => {
    const d = await deps();
    const { reference, options } = linkReference(request);
    return json(
      200,
      await getEvents(d, reference, valueOrThrow(parseEventsQuery(request.query, d.clock.now())), options),
    );
  });
}

app.http('events', {
  route: 'links/{key}/events',
  methods: ['GET'],
  authLevel: 'function',
  handler: eventsHandler(queryDeps),
});
