import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArmNetworkClient, type ArmNetwork } from '../../../src/adapters/arm/armNetworkClient';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator';
import { TunnelwatchError } from '../../../src/core/errors';
import { testTokenCredential } from '../../support/simulatorClient';

/** The ARM adapter's reset POST and its tracking, on the wire against the simulator (real pipeline, real TLS). */
let sim: SimulatorHandle;
let arm: ArmNetwork;
let vwanLink: string;
let classicLink: string;
let expressRoute: string;

beforeAll(async () => {
  sim = await startSimulator({
    fleet: '1x1x1x2',
    lroDurationMs: 300,
    recoveryAfterResetMs: 0,
    retryAfterSeconds: 0,
  });
  arm = createArmNetworkClient({
    endpoint: sim.url,
    credential: testTokenCredential,
    caPem: sim.certPem,
    concurrency: 4,
    lroPollIntervalMs: 50,
    requestTimeoutMs: 2000,
  });
  const links = sim.listLinks();
  vwanLink = links.find((l) => l.kind === 'vwan' && l.mode !== 'ResponderOnly')!.id;
  classicLink = links.find((l) => l.kind === 'classic' && l.connectionType !== 'ExpressRoute')!.id;
  expressRoute = links.find((l) => l.connectionType === 'ExpressRoute')!.id;
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.clearFaults();
  sim.resetCalls();
});

const posts = (): number => {
  const calls = sim.calls().byOperation;
  return (
    (calls.VpnLinkConnections_ResetConnection ?? 0) +
    (calls.VirtualNetworkGatewayConnections_ResetConnection ?? 0)
  );
};
const statusReads = (): number => {
  const calls = sim.calls().byOperation;
  return (calls.Network_Locations_Operations ?? 0) + (calls.Network_Locations_OperationResults ?? 0);
};

describe('reset POST and tracking against the simulator', () => {
  it.each([
    ['a vWAN link connection', () => vwanLink],
    ['a classic connection', () => classicLink],
  ])(
    'when %s is reset, then ARM accepts one POST and tracking it, or resuming it later, only reads its status',
    async (_name, id) => {
      const started = await arm.startReset(id());
      expect(started).toMatchObject({ outcome: 'accepted', done: false });
      if (started.outcome !== 'accepted') return;
      expect(await arm.trackReset(started.operationToken, 10_000)).toEqual({ state: 'succeeded' });
      const readsBefore = statusReads();
      // A redelivered message resumes from the persisted token: it must never POST again.
      expect(await arm.trackReset(started.operationToken, 10_000)).toEqual({ state: 'succeeded' });
      expect(posts()).toBe(1);
      expect(statusReads()).toBeGreaterThan(readsBefore);
      expect(sim.calls().resets[id()]).toBe(1);
    },
  );

  it('when every status poll is throttled after ARM accepted the reset, then the outcome is unknown and there was exactly one POST', async () => {
    for (const operation of ['Network_Locations_OperationResults', 'Network_Locations_Operations'] as const)
      sim.addFault({ kind: '429', operation });
    const started = await arm.startReset(vwanLink);
    expect(started.outcome).toBe('accepted');
    if (started.outcome !== 'accepted') return;
    expect(await arm.trackReset(started.operationToken, 10_000)).toMatchObject({
      state: 'unknown',
      code: 'ARM.THROTTLED',
    });
    expect(posts()).toBe(1);
  });

  it('when ARM throttles the POST itself, then the reset is refused as busy with the Retry-After, and nothing was reset', async () => {
    sim.addFault({ kind: '429', operation: 'VpnLinkConnections_ResetConnection' });
    expect(await arm.startReset(vwanLink)).toMatchObject({
      outcome: 'refused',
      busy: true,
      code: 'ARM.THROTTLED',
    });
    expect(sim.calls().resets).toEqual({});
  });

  it('when an ExpressRoute connection is reset, then ARM refuses with 400 and the refusal is not busy', async () => {
    expect(await arm.startReset(expressRoute)).toMatchObject({
      outcome: 'refused',
      busy: false,
      code: 'ARM.BAD_RESPONSE',
    });
    expect(sim.calls().resets).toEqual({});
  });

  it('when the POST connection drops, then the outcome is unknown (ARM may have acted), never refused', async () => {
    sim.addFault({ kind: 'drop', operation: 'VpnLinkConnections_ResetConnection', count: 1 });
    expect(await arm.startReset(vwanLink)).toMatchObject({ outcome: 'unknown' });
    expect(posts()).toBe(1);
  });

  it('when a gateway\'s list read times out, then remediation sees a coded transient ARM error, never a bare AbortError', async () => {
    sim.addFault({ kind: 'latency', operation: 'VpnConnections_ListByVpnGateway', ms: 4000, count: 1 });
    const gatewayId = vwanLink.split('/vpnConnections/')[0]!;
    const failure = await arm.readGatewayLinks(gatewayId).then(() => undefined, (thrown: unknown) => thrown);
    expect(failure).toBeInstanceOf(TunnelwatchError);
    expect(failure).toMatchObject({ code: 'ARM.TIMEOUT', transient: true });
  });

  it('when GetIkeSas is collected, then the summary comes from the operation result; when its status polls fail, it is unavailable within the bound', async () => {
    const collected = await arm.getIkeSas(vwanLink, 5000);
    expect(collected.outcome).toBe('collected');
    expect(collected.outcome === 'collected' && collected.summary).toMatch(/"status"/i);
    sim.addFault({ kind: '500', operation: 'Network_Locations_OperationResults' });
    sim.addFault({ kind: '500', operation: 'Network_Locations_Operations' });
    const started = Date.now();
    expect(await arm.getIkeSas(vwanLink, 1500)).toMatchObject({ outcome: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
