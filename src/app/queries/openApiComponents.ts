/** The components section of the OpenAPI document: security scheme, shared responses and object schemas. */
export type Schema = Record<string, unknown>;
export const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
export const ok = (description: string, schema: Schema): Schema => ({
  description,
  content: { 'application/json': { schema } },
});
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export function openApiComponents(): Schema {
  return {
    securitySchemes: { functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key' } },
    responses: {
      BadRequest: ok(
        'A parameter is invalid (REQUEST.INVALID; error.parameters names them) or a link name is ambiguous (LINK.AMBIGUOUS; error.candidates lists them)',
        ref('Error'),
      ),
      NotFound: ok('No such link (LINK.NOT_FOUND)', ref('Error')),
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              code: str(''),
              message: str(''),
              parameters: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
      LinkRef: { type: 'object', properties: { id: str('ARM id'), key: str('Link key') } },
      Link: {
        type: 'object',
        properties: Object.fromEntries(
          [
            'id',
            'key',
            'kind',
            'subscriptionId',
            'resourceGroup',
            'gateway',
            'connection',
            'link',
            'site',
            'siteLink',
            'region',
            'projectId',
            'vgwId',
            'cgwId',
            'haRole',
            'status',
            'providerStatus',
            'statusSince',
            'statusAt',
            'statusReason',
            'downSince',
            'provisioningState',
            'incidentId',
            'lastResetAt',
            'lastPolledAt',
          ]
            .map((n): [string, Schema] => [n, { type: 'string' }])
            .concat(['downForSeconds', 'statusAgeSeconds'].map((n) => [n, { type: 'number' }]))
            .concat(['ingressBps', 'egressBps'].map((n) => [n, { type: 'number', nullable: true, description: 'Bits per second; null when unknown (no counters, or no previous poll)' }]))
            .concat([['statusSource', { type: 'string', enum: ['list', 'get', 'traffic', 'metrics'], description: 'How the status was last confirmed' }]])
            .concat([['peer', ref('LinkPeer')]]),
        ),
      },
      LinkPeer: {
        type: 'object',
        description: 'The other end of the same tunnel, when tunnelwatch watches it too (paired by address: each end\'s remoteAddress is one of the other\'s localAddresses)',
        properties: {
          key: str('Link key of the other end'),
          kind: { type: 'string', enum: ['vwan', 'classic', 'huawei'] },
          name: str('Name path: gateway/connection/link (vWAN) or the connection name'),
          status: str(''),
          statusSource: { type: 'string', enum: ['list', 'get', 'traffic', 'metrics'] },
        },
      },
      LinkDetail: {
        allOf: [
          ref('Link'),
          {
            type: 'object',
            properties: {
              configuration: {
                type: 'object',
                properties: {
                  mode: str(''),
                  protocol: str(''),
                  bandwidthMbps: { type: 'number' },
                  bgp: { type: 'boolean' },
                  dpdTimeoutSeconds: { type: 'number' },
                },
              },
              recentTransitions: { type: 'array', items: { type: 'object' } },
              openIncident: { type: 'object' },
              ingressBytes: str('exact int64 as a string'),
              egressBytes: str('exact int64 as a string'),
            },
          },
        ],
      },
      History: {
        type: 'object',
        properties: {
          link: ref('LinkRef'),
          resolution: { type: 'string', enum: ['raw', 'hour'] },
          from: str(''),
          to: str(''),
          order: str(''),
          points: {
            type: 'array',
            items: {
              type: 'object',
              description:
                'raw: polledAt, status, statusSource, statusAt, statusReason, provisioningState, ingressBytes, egressBytes, ingressBps, egressBps, counterRestart; hour: hour, samples, uptimePercent, minutesDown, ingressBytes, egressBytes, avgIngressBps, avgEgressBps, peakIngressBps, peakEgressBps',
            },
          },
          continuationToken: str(''),
        },
      },
    },
  };
}
