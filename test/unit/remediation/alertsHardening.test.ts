/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { describe, expect, it } from 'vitest';
import { InMemoryAlertDedup } from '../../support/fakes/inMemoryAlertDedup';
import { ALERT_BOUNDS } from '../../../src/core/remediation/alertBounds';
import { buildLinkState, gatewayId, linkId, NOW, RG } from '../../support/builders';
import { buildAlertHarness } from './support/alertHarness';

const GW = gatewayId('gw1');
const LINKS = [linkId('gw1', 'conn1', 'link1'), linkId('gw1', 'conn2', 'link1')];
const states = () => LINKS.map((id) => buildLinkState({ id }));

function commonAlert(
  options: { alertId?: string; targets?: string[]; dimensions?: Array<{ name: string; value: string }> } = {},
): Record<string, any> {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId:
          options.alertId ??
          '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.AlertsManagement/alerts/h1',
        alertRule: 'vpn-tunnel-down',
        monitorCondition: 'Fired',
        alertTargetIDs: options.targets ?? [GW],
      },
      alertContext: {
        condition: {
          allOf: [{ metricName: 'TunnelAverageBandwidth', dimensions: options.dimensions ?? [] }],
        },
      },
    },
  };
}

const connections = (n: number, name = 'conn') =>
  Array.from({ length: n }, (_, i) => ({ name: 'ConnectionName', value: `${name}${i}` }));
const remoteIps = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: 'RemoteIP', value: `10.${i >> 8}.${i & 255}.1` }));

describe('POST /api/alerts: combinatorial alerts', () => {
  it('when an alert carries 1,000 connection names and 1,000 remote IPs, then it is refused with 400 at once, without reading link state', async () => {
    const h = buildAlertHarness(states());
    const started = performance.now();
    const response = await h.post(commonAlert({ dimensions: [...connections(1000), ...remoteIps(1000)] }));
    expect(performance.now() - started).toBeLessThan(500);
    expect([response.status, response.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
    expect([h.linkStates.lookups, h.linkStates.lists]).toEqual([0, 0]);
    expect(h.queue.sent).toHaveLength(0);
  });

  it('when an alert is at every bound (50 targets × 50 connection names × 50 remote IPs), then targets do not multiply and it is answered in well under a second', async () => {
    const targets = Array.from({ length: ALERT_BOUNDS.maxValues }, (_, i) => gatewayId(`gw${i}`));
    const h = buildAlertHarness(states());
    const started = performance.now();
    const response = await h.post(
      commonAlert({
        targets,
        dimensions: [
          ...connections(49, 'other'),
          { name: 'ConnectionName', value: 'conn1' },
          ...remoteIps(50),
        ],
      }),
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(response.status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual([LINKS[0]]);
  });

  it('when the same connection name repeats 1,000 times, then it counts once and the alert is accepted', async () => {
    const h = buildAlertHarness(states());
    const response = await h.post(
      commonAlert({
        dimensions: Array.from({ length: 1000 }, () => ({ name: 'ConnectionName', value: 'CONN2' })),
      }),
    );
    expect(response.status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual([LINKS[1]]);
  });

  it.each([
    [
      '51 distinct target ids',
      commonAlert({ targets: Array.from({ length: 51 }, (_, i) => gatewayId(`gw${i}`)) }),
    ],
    ['51 distinct remote IPs', commonAlert({ dimensions: remoteIps(51) })],
    [
      'a connection name of 2,000 characters',
      commonAlert({ dimensions: [{ name: 'ConnectionName', value: 'c'.repeat(2000) }] }),
    ],
    ['an alert id of 40,000 characters', commonAlert({ alertId: 'a'.repeat(40_000) })],
  ])('when an alert carries %s, then the answer is 400 and nothing is stored', async (_name, body) => {
    const h = buildAlertHarness(states());
    const response = await h.post(body);
    expect([response.status, response.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
    expect(h.audit.entries).toHaveLength(0);
  });
});

describe('POST /api/alerts: forged and unlucky alerts', () => {
  it('when an alert names 50 invented connections inside the scope, then nothing is queued and one audit row accounts for them', async () => {
    const invented = Array.from(
      { length: 50 },
      (_, i) => `${RG}/providers/Microsoft.Network/connections/invented-${i}`,
    );
    const h = buildAlertHarness(states());
    const response = await h.post(commonAlert({ targets: invented }));
    expect([response.status, response.body.reason]).toEqual([200, 'no-known-links']);
    expect(h.queue.sent).toHaveLength(0);
    expect(h.audit.entries.map((e) => e.reason)).toEqual([
      'no-known-links; 50 target(s) unknown to link state, not queued',
    ]);
  });

  it('when an alert names one known gateway and invented connections, then only the known links are queued', async () => {
    const h = buildAlertHarness(states());
    const response = await h.post(
      commonAlert({ targets: [GW, `${RG}/providers/Microsoft.Network/connections/invented`] }),
    );
    expect(response.status).toBe(202);
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual(LINKS);
    expect(h.audit.entries.map((e) => e.reason)).toEqual([
      'enqueued: 2 link(s); 1 target(s) unknown to link state, not queued',
    ]);
  });

  it('when a target begins with //, then it is not taken for an in-scope id and nothing is queued', async () => {
    const h = buildAlertHarness(states());
    const response = await h.post(
      commonAlert({ targets: [`/${GW}`, `${RG}//providers/Microsoft.Network/vpnGateways/gw1`] }),
    );
    expect([response.status, response.body.reason]).toEqual([200, 'not-a-vpn-resource']);
    expect(h.queue.sent).toHaveLength(0);
  });
});

describe('POST /api/alerts: a delivery is acknowledged only once it is done', () => {
  it('when the alert arrives before the first poll recorded any link, then the sender is asked to retry and a later retry queues it', async () => {
    const h = buildAlertHarness([]);
    const early = await h.post(commonAlert());
    expect([early.status, early.body.status, early.body.reason]).toEqual([503, 'retry', 'no-link-state-yet']);
    expect(Number(early.headers?.['retry-after'])).toBeGreaterThan(0);
    for (const s of states())
      (h.deps.linkStates as unknown as { states: Map<string, unknown> }).states.set(s.key, s);
    const retried = await h.post(commonAlert());
    expect(retried.status).toBe(202);
    expect(h.queue.sent).toHaveLength(2);
  });

  it('when an earlier attempt of the delivery is still in flight, then a retry gets 503 with Retry-After, not a 202 duplicate', async () => {
    const h = buildAlertHarness(states());
    const dedup = h.deps.dedup as InMemoryAlertDedup;
    const alert = commonAlert();
    expect(await dedup.claim(`${alert.data.essentials.alertId}|Fired`, NOW)).toBe('first');
    const response = await h.post(alert);
    expect([response.status, response.body.reason]).toEqual([503, 'in-flight']);
    expect(response.headers?.['retry-after']).toBe('30');
    expect(h.queue.sent).toHaveLength(0);
  });

  it('when the attempt fails while queueing, then it is not acknowledged and the next retry completes it', async () => {
    const h = buildAlertHarness(states());
    const send = h.queue.send.bind(h.queue);
    let failures = 1;
    h.queue.send = (request, options) =>
      failures-- > 0 ? Promise.reject(new Error('queue down')) : send(request, options);
    expect((await h.post(commonAlert())).status).toBe(500);
    const retried = await h.post(commonAlert());
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('accepted');
    expect(h.queue.sent.map((m) => m.request.linkId)).toEqual(LINKS);
  });
});
