import { QUERY_LIMITS } from '../../core/queries/queryLimits';
import { ok, openApiComponents, ref, str, type Schema } from './openApiComponents';

const H = QUERY_LIMITS.history;
const time = (name: string, description: string): Schema => ({
  name,
  in: 'query',
  schema: str(description, { format: 'date-time' }),
});
const int = (name: string, max: number, def: number): Schema => ({
  name,
  in: 'query',
  schema: { type: 'integer', minimum: 1, maximum: max, default: def },
});
const enumOf = (name: string, values: readonly string[], def: string): Schema => ({
  name,
  in: 'query',
  schema: { type: 'string', enum: values, default: def },
});
const token: Schema = {
  name: 'continuationToken',
  in: 'query',
  schema: str('Opaque token from the previous page; altered or foreign tokens get 400'),
};
const key: Schema = {
  name: 'key',
  in: 'path',
  required: true,
  schema: str(
    'Link key (48 hex characters), ARM id, or name path gateway/connection/link | connection (optionally resourceGroup/ first) with each / percent-encoded',
  ),
};
const subscription: Schema = {
  name: 'subscription',
  in: 'query',
  schema: str('Narrows a name path to one subscription'),
};
const errors = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '401': { description: 'Missing or wrong function key' },
};
const withNotFound = { ...errors, '404': { $ref: '#/components/responses/NotFound' } };

/** OpenAPI 3.0 description of every route (docs/api.md has the prose and examples). */
export function openApiDocument(): Schema {
  return {
    openapi: '3.0.3',
    info: {
      title: 'tunnelwatch',
      version: '1',
      description:
        'Monitoring and guarded auto-remediation of Azure VPN tunnels. Errors: { "error": { "code", "message" } }.',
    },
    servers: [{ url: '/api' }],
    security: [{ functionKey: [] }],
    paths: {
      '/health': {
        get: {
          summary: 'Liveness',
          security: [],
          parameters: [
            {
              name: 'details',
              in: 'query',
              schema: str('Any value but false answers 401: details need the key, at /health/details'),
            },
          ],
          responses: {
            '200': ok('Alive', { type: 'object', properties: { status: str('ok') } }),
            '401': { description: 'details asked for without a key' },
          },
        },
      },
      '/health/details': {
        get: {
          summary: 'The permission check per configured scope (what `tunnelwatch doctor` prints)',
          responses: {
            '200': ok('Per scope: ok, missing actions, canMonitor, canRemediate', {
              type: 'object',
              properties: {
                status: str('ok or degraded'),
                permissions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      scope: str('A TW_SCOPES entry'),
                      ok: { type: 'boolean' },
                      missing: { type: 'array', items: str('An RBAC action tunnelwatch needs but lacks') },
                      canMonitor: { type: 'boolean' },
                      canRemediate: { type: 'boolean' },
                      statusReadScope: str(
                        'Where the async-operation reads must be held (resource group of a resource scope)',
                      ),
                      error: {
                        type: 'object',
                        properties: {
                          code: str('Error code'),
                          message: str('Why the permissions could not be read'),
                        },
                      },
                    },
                  },
                },
              },
            }),
            '401': errors['401'],
          },
        },
      },
      '/links': {
        get: {
          summary: 'Current state of every monitored link',
          parameters: [
            { name: 'status', in: 'query', schema: str('Connected, NotConnected, Connecting, Unknown, ...') },
            { name: 'gateway', in: 'query', schema: str('Gateway name (case-insensitive)') },
            { name: 'site', in: 'query', schema: str('Remote site name (case-insensitive)') },
            {
              name: 'q',
              in: 'query',
              schema: str(
                'Search: case-insensitive substring of gateway, site, connection, link or resource group',
              ),
            },
            int('top', QUERY_LIMITS.links.maxTop, QUERY_LIMITS.links.defaultTop),
            token,
          ],
          responses: {
            '200': ok('A page of links', {
              type: 'object',
              properties: {
                total: { type: 'integer' },
                countsByStatus: { type: 'object', additionalProperties: { type: 'integer' } },
                links: { type: 'array', items: ref('Link') },
                continuationToken: str('Present when there is a next page'),
              },
            }),
            ...errors,
          },
        },
      },
      '/fleet': {
        get: {
          summary:
            'Fleet overview: totals, gateways with links not Connected first (healthy ones as counts), links down per hour over the last 24 h, open incidents with remediation progress',
          responses: {
            '200': ok('The fleet summary', {
              type: 'object',
              properties: {
                generatedAt: str('ISO time'),
                totals: { type: 'object' },
                problemGateways: { type: 'array', items: { type: 'object' } },
                healthy: { type: 'object' },
                availability: { type: 'object' },
                incidents: { type: 'array', items: { type: 'object' } },
              },
            }),
            ...errors,
          },
        },
      },
      '/links/{key}': {
        get: {
          summary: 'One link with configuration, recent transitions and open incident',
          parameters: [key, subscription],
          responses: { '200': ok('The link', ref('LinkDetail')), ...withNotFound },
        },
      },
      '/links/{key}/history': {
        get: {
          summary: `Snapshots (raw) or hourly rollups; raw window ≤ ${H.maxRawWindowMs / 86_400_000} days, hourly ≤ ${H.maxHourWindowMs / 86_400_000} days; auto = raw up to ${H.autoRawMaxWindowMs / 3_600_000} h`,
          parameters: [
            key,
            subscription,
            time('from', 'Inclusive start; default to minus 24 h'),
            time('to', 'Exclusive end; default now (or from + 24 h)'),
            enumOf('order', ['asc', 'desc'], 'asc'),
            enumOf('resolution', ['auto', 'raw', 'hour'], 'auto'),
            enumOf('format', ['json', 'csv'], 'json'),
            int('top', H.maxTop, H.defaultTop),
            token,
          ],
          responses: {
            '200': {
              description: 'Points; for CSV the next token is in the x-continuation-token header',
              content: {
                'application/json': { schema: ref('History') },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            ...withNotFound,
          },
        },
      },
      '/links/{key}/events': {
        get: {
          summary: 'Status transitions of one link',
          parameters: [
            key,
            subscription,
            time('from', 'Default to minus 7 days'),
            time('to', 'Default now'),
            enumOf('order', ['asc', 'desc'], 'desc'),
            int('top', QUERY_LIMITS.events.maxTop, QUERY_LIMITS.events.defaultTop),
            token,
          ],
          responses: {
            '200': ok('Transitions', {
              type: 'object',
              properties: {
                link: ref('LinkRef'),
                from: str('', { format: 'date-time' }),
                to: str('', { format: 'date-time' }),
                events: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      at: str('', { format: 'date-time' }),
                      from: str('Previous status'),
                      to: str('New status'),
                    },
                  },
                },
                continuationToken: str(''),
              },
            }),
            ...withNotFound,
          },
        },
      },
      '/remediations': {
        get: {
          summary: 'Audit log of every remediation decision, acted or skipped (newest first)',
          parameters: [
            time('from', 'Default to minus 7 days'),
            time('to', 'Default now'),
            { name: 'link', in: 'query', schema: str('Link key, ARM id or name path') },
            subscription,
            { name: 'outcome', in: 'query', schema: str('accepted, succeeded, failed, unknown, refused, skipped, ...') },
            int('top', QUERY_LIMITS.remediations.maxTop, QUERY_LIMITS.remediations.defaultTop),
            token,
          ],
          responses: {
            '200': ok('Audit rows', {
              type: 'object',
              properties: {
                from: str(''),
                to: str(''),
                items: { type: 'array', items: { type: 'object' } },
                continuationToken: str(''),
              },
            }),
            ...errors,
          },
        },
      },
      '/links/{key}/reset': {
        post: {
          summary: 'Manual remediation through the guards (dryRun=true decides without acting)',
          parameters: [key, subscription, { name: 'dryRun', in: 'query', schema: { type: 'boolean' } }],
          responses: { '202': { description: 'Accepted' }, ...withNotFound },
        },
      },
      '/alerts': {
        post: {
          summary: 'Azure Monitor action-group webhook (common alert schema and legacy)',
          responses: {
            '200': { description: 'Acknowledged, nothing to do' },
            '202': { description: 'Enqueued' },
            ...errors,
            '503': {
              description:
                'Not done yet (earlier attempt in flight, or no poll yet): retry after Retry-After seconds',
            },
          },
        },
      },
      '/dashboard': {
        get: {
          summary: 'Operator web page (open with ?code=<function key>)',
          responses: { '200': { description: 'HTML', content: { 'text/html': {} } } },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.0' } } },
      },
    },
    components: openApiComponents(),
  };
}
