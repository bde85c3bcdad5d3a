/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { describe, expect, it } from 'vitest';
import { buildLinkState, gatewayId, linkId, RG } from '../../support/builders';
import { buildAlertHarness, readSamples } from './support/alertHarness';

const LINKS = [
  linkId('gw1', 'conn1', 'link1'),
  linkId('gw1', 'conn1', 'link2'),
  linkId('gw1', 'conn2', 'link1'),
];
const states = () =>
  LINKS.map((id, i) => buildLinkState({ id, incidentId: i === 0 ? 'inc-poller-1' : undefined }));
const sample = (name: string): Record<string, any> =>
  structuredClone(readSamples().find(([f]) => f === name)![1]);

/** The Microsoft metric sample re-aimed at a VPN gateway tunnel metric, as a real rule on our gateway would send it. */
function vpnMetricAlert(
  overrides: { monitorCondition?: string; connectionName?: string; target?: string } = {},
): Record<string, any> {
  const alert = sample('cas-full_testaction-metric-static-threshold.json');
  const essentials = alert.data.essentials;
  essentials.alertRule = 'vpn-tunnel-bandwidth-zero';
  essentials.alertId =
    '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.AlertsManagement/alerts/1b2c3d4e';
  essentials.monitorCondition = overrides.monitorCondition ?? 'Fired';
  essentials.alertTargetIDs = [overrides.target ?? gatewayId('gw1').toLowerCase()];
  const criterion = alert.data.alertContext.condition.allOf[0];
  criterion.metricName = 'TunnelAverageBandwidth';
  criterion.metricNamespace = 'Microsoft.Network/vpnGateways';
  criterion.dimensions = [
    { name: 'ConnectionName', value: overrides.connectionName ?? 'conn1' },
    { name: 'RemoteIP', value: '203.0.113.10' },
  ];
  return alert;
}

describe('POST /api/alerts with the Microsoft reference payloads', () => {
  const expected: Record<string, string> = {
    'cas-full_testaction-log-v2.json': 'test-action',
    'cas-full_testaction-metric-static-threshold.json': 'test-action',
    'cas-full_testaction-resourcehealth.json': 'test-action',
    'noncommon_metric-static-threshold.json': 'test-action',
  };
  const deliveries = readSamples().filter(([name]) => !name.startsWith('cas-alertContext_'));
  it.each(deliveries)(
    'when %s arrives, then it is acknowledged with 200 and nothing is queued',
    async (name, body) => {
      const h = buildAlertHarness(states());
      const response = await h.post(body);
      expect(response.status).toBe(200);
      expect(response.body.reason).toBe(expected[name]);
      expect(h.queue.sent).toHaveLength(0);
    },
  );

  it.each(readSamples().filter(([name]) => name.startsWith('cas-alertContext_')))(
    'when the bare alertContext fragment %s arrives, then it is not an alert: 400',
    async (_name, body) => {
      const h = buildAlertHarness(states());
      const response = await h.post(body);
      expect([response.status, response.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
    },
  );

  it('when the test-action samples are renamed so they are real alerts, then they are still not ours (storage account, VM, workspace)', async () => {
    const h = buildAlertHarness(states());
    for (const name of [
      'cas-full_testaction-log-v2.json',
      'cas-full_testaction-metric-static-threshold.json',
      'cas-full_testaction-resourcehealth.json',
    ]) {
      const body = sample(name);
      body.data.essentials.alertRule = 'production-rule';
      const response = await h.post(body);
      expect([response.status, response.body.reason]).toEqual([200, 'not-a-vpn-resource']);
    }
    expect(h.queue.sent).toHaveLength(0);
  });
});

describe('POST /api/alerts with VPN gateway variants', () => {
  it('when a metric alert fires on a gateway with ConnectionName conn1, then one request per conn1 link is queued with 202', async () => {
    const h = buildAlertHarness(states());
    const response = await h.post(vpnMetricAlert());
    expect(response.status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual([LINKS[0], LINKS[1]]);
    expect(h.queue.sent[0]!.request).toMatchObject({
      source: 'alert',
      kind: 'remediate',
      incidentId: 'inc-poller-1',
    });
  });

  it('when Azure Monitor retries the same delivery 6 times, then the links are queued once', async () => {
    const h = buildAlertHarness(states());
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.post(vpnMetricAlert())).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202]);
    expect(h.queue.sent).toHaveLength(2);
  });

  it('when the alert resolves, then it is acknowledged with 200 and changes nothing', async () => {
    const h = buildAlertHarness(states());
    const response = await h.post(vpnMetricAlert({ monitorCondition: 'Resolved' }));
    expect([response.status, response.body.reason]).toEqual([200, 'resolved']);
    expect(h.queue.sent).toHaveLength(0);
  });

  it('when the alert names a gateway outside the configured scopes, then it is skipped as out-of-scope without queueing', async () => {
    const h = buildAlertHarness(states());
    const response = await h.post(
      vpnMetricAlert({
        target:
          '/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.Network/vpnGateways/gw9',
      }),
    );
    expect([response.status, response.body.reason]).toEqual([200, 'out-of-scope']);
    expect(h.queue.sent).toHaveLength(0);
  });

  it('when a log search alert over a workspace names the gateway in a _ResourceId dimension, then its links are queued', async () => {
    const body = sample('cas-full_testaction-log-v2.json');
    body.data.essentials.alertRule = 'tunnel-disconnected';
    body.data.alertContext.condition.allOf[0].searchQuery =
      'AzureDiagnostics | where Category == "TunnelDiagnosticLog" and OperationName == "TunnelDisconnected"';
    body.data.alertContext.condition.allOf[0].dimensions = [
      { name: '_ResourceId', value: gatewayId('gw1') },
      { name: 'ConnectionName', value: 'conn2' },
    ];
    const h = buildAlertHarness(states());
    expect((await h.post(body)).status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual([LINKS[2]]);
  });

  it('when a resource-health alert fires on a classic connection the poller has not seen, then nothing is queued and one audit row says so', async () => {
    const connection = `${RG}/providers/Microsoft.Network/connections/branch-a`;
    const body = sample('cas-full_testaction-resourcehealth.json');
    body.data.essentials.alertRule = 'connection-health';
    body.data.essentials.alertTargetIDs = [connection];
    const h = buildAlertHarness(states());
    const response = await h.post(body);
    expect([response.status, response.body.reason]).toEqual([200, 'no-known-links']);
    expect(h.queue.sent).toHaveLength(0);
    expect(h.audit.entries.map((e) => e.reason)).toEqual([
      'no-known-links; 1 target(s) unknown to link state, not queued',
    ]);
  });

  it('when a legacy metric alert activates on a virtual network gateway, then its links are queued', async () => {
    const vng = `${RG}/providers/Microsoft.Network/virtualNetworkGateways/vng1`;
    const classic = `${RG}/providers/Microsoft.Network/connections/branch-b`;
    const body = sample('noncommon_metric-static-threshold.json');
    body.data.context.name = 'vng-tunnel-down';
    body.data.context.resourceId = vng;
    const h = buildAlertHarness([
      buildLinkState({
        id: classic,
        kind: 'classic',
        gatewayId: vng,
        connectionId: classic,
        connection: 'branch-b',
      }),
    ]);
    expect((await h.post(body)).status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual([classic]);
  });
});

describe('POST /api/alerts with bad input', () => {
  it.each([
    ['malformed JSON', '{"schemaId":', {}, 400, 'REQUEST.INVALID'],
    ['a JSON array', '[1,2]', {}, 400, 'REQUEST.INVALID'],
    [
      'a common-schema body without essentials',
      '{"schemaId":"azureMonitorCommonAlertSchema","data":{}}',
      {},
      400,
      'REQUEST.INVALID',
    ],
    ['a number as schemaId and no data', '{"schemaId":1}', {}, 400, 'REQUEST.INVALID'],
    ['a schemaId without data', '{"schemaId":"azureMonitorCommonAlertSchema"}', {}, 400, 'REQUEST.INVALID'],
    ['an empty object', '{}', {}, 400, 'REQUEST.INVALID'],
    ['text/plain', '{}', { 'content-type': 'text/plain' }, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['no content type', '{}', { 'content-type': '' }, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['a declared length over the limit', '{}', { 'content-length': '999999' }, 413, 'REQUEST.TOO_LARGE'],
    [
      'a body over the limit without a declared length',
      `{"pad":"${'x'.repeat(300_000)}"}`,
      {},
      413,
      'REQUEST.TOO_LARGE',
    ],
  ])(
    'when the body is %s, then the answer is %s with a JSON error',
    async (_name, body, headers, status, code) => {
      const h = buildAlertHarness(states());
      const response = await h.post(body, headers);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(typeof response.body.error.message).toBe('string');
    },
  );
});
