import { describe, expect, it } from 'vitest';
import { buildRemediationRequest, parseRemediationRequest, type RemediationRequestFields } from '../../../src/core/remediation/remediationRequest';

const LINK = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw/vpnConnections/c/vpnLinkConnections/l';
const AT = new Date('2026-11-23T10:00:00.000Z');

describe('buildRemediationRequest', () => {
  it.each<[string, RemediationRequestFields, Record<string, unknown>]>([
    ['the poller', { requestId: 'inc-1~poller', kind: 'remediate', linkId: LINK, source: 'poller', incidentId: 'inc-1', requestedAt: AT }, { incidentId: 'inc-1' }],
    ['the webhook, link without incident', { requestId: 'r1', kind: 'remediate', linkId: LINK, source: 'alert', alertId: 'a~Fired', incidentId: undefined, requestedAt: AT }, { alertId: 'a~Fired' }],
    ['an operator, dry run', { requestId: 'r2', kind: 'remediate', linkId: LINK, source: 'operator', requestedBy: 'ops', dryRun: true, requestedAt: AT }, { requestedBy: 'ops', dryRun: true }],
    ['an operator, real reset', { requestId: 'r3', kind: 'remediate', linkId: LINK, source: 'operator', requestedBy: 'ops', dryRun: false, requestedAt: AT }, { requestedBy: 'ops' }],
    ['a follow-up post-check', { requestId: 'r4', kind: 'postcheck', linkId: LINK, source: 'postcheck', incidentId: 'inc-1', alertId: undefined, requestedBy: undefined, requestedAt: AT }, { incidentId: 'inc-1' }],
  ])('when %s builds a request, then it is a valid v1 message with only the fields that were set', (_producer, fields, optional) => {
    const request = buildRemediationRequest(fields);
    expect(request).toStrictEqual({ v: 1, requestId: fields.requestId, kind: fields.kind, linkId: LINK, source: fields.source, requestedAt: '2026-11-23T10:00:00.000Z', ...optional });
    expect(parseRemediationRequest(JSON.parse(JSON.stringify(request)))).toStrictEqual(request);
  });
});
