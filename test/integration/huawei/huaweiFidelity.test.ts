import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { matchPeers } from '../../../src/core/peers/matchPeers';
import { renderDoctor } from '../../../src/cli/renderDoctor';
import { huaweiScopeId } from '../../../src/core/huawei/huaweiId';
import { fleetNames } from '../../../src/simulator';
import { simSiteLinkAddress } from '../../../src/simulator/simAddresses';
import { PROJECT, REGION, startHuaweiHarness, type HuaweiHarness } from './huaweiHarness';

/** The first Azure vWAN link of the harness fleet: the paired connection is the other end of its tunnel, as in the demo. */
const AZURE_LINK = `/subscriptions/${fleetNames.subscriptionId(0)}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000/vpnConnections/conn-00-000-00/VpnSiteLinkConnections/link-00-000-00-0`;

let h: HuaweiHarness;
beforeAll(async () => {
  h = await startHuaweiHarness(inject('azuriteConnectionString'), { pairedLinks: [AZURE_LINK] });
});
afterAll(async () => h.stop());

const ordinary = () => h.huaweiLinks().filter((l) => l.pairedLinkId === undefined);
const stateOf = async (prefix: string, linkId: string) => h.monitoring(prefix).states.get(linkKeyFromId(linkId));
const auditOf = async (deps: Awaited<ReturnType<HuaweiHarness['actuator']>>['deps'], linkId: string) =>
  (await deps.audit.list({ from: new Date(h.clock.ms - 86_400_000).toISOString(), to: new Date(h.clock.ms + 1).toISOString(), linkKey: linkKeyFromId(linkId) })).items;

describe('Huawei Cloud as it answers (simulator + Azurite, real composition)', () => {
  it('pairs the Azure↔Huawei tunnel although vgw_ip is an EIP id: the VPN gateway read gives its address and name', async () => {
    const monitoring = h.monitoring('twhwpair');
    const summary = await runPollCycle(monitoring);
    expect(summary.failures).toEqual([]);
    const paired = h.huaweiLinks().find((l) => l.pairedLinkId !== undefined)!;
    // The API renders an EIP id, never an address.
    expect(paired.vgwIp).toMatch(/^[0-9a-f-]{36}$/);
    const states = await monitoring.states.list();
    const huawei = states.find((s) => s.id === paired.id)!;
    const azure = states.find((s) => s.id.toLowerCase() === AZURE_LINK.toLowerCase())!;
    expect(huawei).toMatchObject({ localAddresses: [simSiteLinkAddress(h.sim.fleet.get(AZURE_LINK, 'vwan')!.siteLinkId)], gatewayName: 'vpngw-azure-00' });
    const peers = matchPeers(states);
    expect(peers.get(huawei.key)).toBe(azure.key);
    expect(peers.get(azure.key)).toBe(huawei.key);
    // Every Huawei connection got its own EIP's address.
    for (const state of states.filter((s) => s.kind === 'huawei')) expect(state.localAddresses).toHaveLength(1);
  });

  it('a busy reset (400 VPN.0031) is retried after a back-off, not counted as an attempt, and the reset is performed once', async () => {
    const prefix = 'twhwbusy';
    const target = ordinary()[0]!;
    h.sim.setLinkState({ id: target.id, scenario: 'stuck' });
    try {
      const requests = await h.pollFor(prefix, target.id, 5);
      expect(requests).toHaveLength(1);
      const { deps, followUps } = h.actuator(prefix);
      h.sim.addFault({ kind: 'busy', operation: 'ResetVpnConnection', id: target.id, count: 1 });
      const before = h.sim.calls().byOperation.ResetVpnConnection ?? 0;
      expect(await handleRemediationRequest(deps, requests[0]!, h.clock.now())).toMatchObject({ outcome: 'busy' });
      expect(h.resetsOf(target.id)).toBe(0);
      expect((await deps.incidents.get(linkKeyFromId(target.id)))?.value.attempts ?? 0).toBe(0);
      await h.deliverFollowUps(deps, followUps);
      expect(h.resetsOf(target.id)).toBe(1);
      // Two POSTs reached Huawei: the busy one (not performed) and the one that reset.
      expect((h.sim.calls().byOperation.ResetVpnConnection ?? 0) - before).toBe(2);
      expect((await deps.incidents.get(linkKeyFromId(target.id)))?.value).toMatchObject({ state: 'resolved', attempts: 1 });
      // The IPsec SA read is the evidence in the audit, collected beside the reset.
      const evidence = (await auditOf(deps, target.id)).filter((a) => a.step === 'evidence');
      expect(evidence.length).toBeGreaterThan(0);
      expect(evidence.map((a) => [a.outcome, a.evidence])).toEqual(evidence.map(() => ['collected', 'ipsec-sa: no IPsec SA']));
    } finally {
      h.sim.clearFaults();
      h.sim.setLinkState({ id: target.id, status: 'ACTIVE' });
    }
  });

  it('an ERROR connection (failed provisioning) is tracked as not connected and escalated, never reset', async () => {
    const prefix = 'twhwerror';
    const target = ordinary()[1]!;
    h.sim.setLinkState({ id: target.id, status: 'ERROR' });
    try {
      const requests = await h.pollFor(prefix, target.id, 5);
      expect(await stateOf(prefix, target.id)).toMatchObject({ status: 'NotConnected', providerStatus: 'ERROR', provisioningState: 'Failed' });
      expect(requests).toHaveLength(1);
      const { deps } = h.actuator(prefix);
      expect(await handleRemediationRequest(deps, requests[0]!, h.clock.now())).toMatchObject({ outcome: 'escalated', reason: 'provisioning-failed' });
      expect(h.resetsOf(target.id)).toBe(0);
      expect((await deps.incidents.get(linkKeyFromId(target.id)))?.value).toMatchObject({ state: 'escalated' });
    } finally {
      h.sim.setLinkState({ id: target.id, status: 'ACTIVE' });
    }
  });

  it('an UNKNOWN connection is shown as Huawei reports it, never down, never queued', async () => {
    const prefix = 'twhwunknown';
    const target = ordinary()[2]!;
    h.sim.setLinkState({ id: target.id, status: 'UNKNOWN' });
    try {
      expect(await h.pollFor(prefix, target.id, 5)).toEqual([]);
      const state = await stateOf(prefix, target.id);
      expect(state).toMatchObject({ status: 'UNKNOWN', providerStatus: 'UNKNOWN' });
      expect(state?.downSince).toBeUndefined();
    } finally {
      h.sim.setLinkState({ id: target.id, status: 'ACTIVE' });
    }
  });

  it('doctor names the Huawei actions the AK/SK user lacks; a project that cannot be listed is reported as neither monitored nor reset', async () => {
    const scope = huaweiScopeId({ region: REGION, projectId: PROJECT });
    const reportOf = async () => (await h.actuator('twhwdoctor').deps.permissions!()).find((p) => p.scope === scope);
    expect(await reportOf()).toMatchObject({ ok: true, missing: [], canMonitor: true, canRemediate: true });
    h.sim.huawei.iam.withhold(['vpn:vpnGateways:list', 'vpn:customerGateways:list']);
    try {
      const pairingOnly = await reportOf();
      expect(pairingOnly).toMatchObject({ ok: false, missing: ['vpn:customerGateways:list', 'vpn:vpnGateways:list'], canMonitor: true, canRemediate: true });
      const doctor = renderDoctor({ permissions: [pairingOnly] });
      expect(doctor.ok).toBe(false);
      expect(doctor.text).toBe(`${scope}: MISSING PERMISSIONS (monitoring and remediation)\n  missing: vpn:customerGateways:list\n  missing: vpn:vpnGateways:list\n`);
      h.sim.huawei.iam.withhold(['vpn:vpnConnections:list']);
      expect(await reportOf()).toMatchObject({ ok: false, missing: ['vpn:vpnConnections:list'], canMonitor: false, canRemediate: false });
    } finally {
      h.sim.huawei.iam.clear();
    }
  });
});
