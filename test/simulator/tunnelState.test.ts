import { describe, expect, it } from 'vitest';
import { TunnelState, type LinkStatus } from '../../src/simulator/tunnelState';

const T0 = 1_000_000;
const newTunnel = (): TunnelState => new TunnelState({ ingressPerSecond: 1000, egressPerSecond: 10 }, T0);
const at = (seconds: number): number => T0 + seconds * 1000;

describe('a simulated tunnel', () => {
  it('when connected, then its counters grow with its throughput', () => {
    const tunnel = newTunnel();
    expect(tunnel.status(at(5))).toBe('Connected');
    expect(tunnel.counters(at(5))).toEqual({ ingress: 5000n, egress: 50n });
  });

  it.each<[string, (t: TunnelState) => void, Array<[number, LinkStatus]>]>([
    ['recover-after 30 s', (t) => t.setScenario('recover-after', 30, at(0)), [[0, 'NotConnected'], [29.9, 'NotConnected'], [30, 'Connected']]],
    ['stuck', (t) => t.setScenario('stuck', 0, at(0)), [[0, 'NotConnected'], [86_400, 'NotConnected']]],
    ['flap every 10 s', (t) => t.setScenario('flap', 10, at(0)), [[0, 'NotConnected'], [9, 'NotConnected'], [10, 'Connected'], [19, 'Connected'], [20, 'NotConnected'], [35, 'Connected']]],
    ['set Unknown', (t) => t.setStatus('Unknown', at(0)), [[0, 'Unknown'], [1000, 'Unknown']]],
  ])('when the scenario is %s, then the status follows the clock', (_name, arrange, expected) => {
    const tunnel = newTunnel();
    arrange(tunnel);
    for (const [seconds, status] of expected) expect(tunnel.status(at(seconds)), `at ${seconds}s`).toBe(status);
  });

  it('when a link flaps, then counters only grow during the connected half-periods', () => {
    const tunnel = newTunnel();
    tunnel.setScenario('flap', 10, at(0));
    expect(tunnel.counters(at(10)).ingress).toBe(0n);
    expect(tunnel.counters(at(15)).ingress).toBe(5000n);
    expect(tunnel.counters(at(40)).ingress).toBe(20_000n);
  });

  it('when a stuck link is reset, then it is Connecting for the recovery time, then Connected with counters from zero', () => {
    const tunnel = newTunnel();
    tunnel.setScenario('stuck', 0, at(10));
    expect(tunnel.counters(at(20)).ingress).toBe(10_000n);
    tunnel.applyReset(at(20), 5000);
    expect(tunnel.status(at(24))).toBe('Connecting');
    expect(tunnel.counters(at(24)).ingress).toBe(0n);
    expect(tunnel.status(at(25))).toBe('Connected');
    expect(tunnel.scenario()).toBe('none');
    expect(tunnel.counters(at(27)).ingress).toBe(2000n);
  });

  it('when its gateway is down, then it is NotConnected and its counters stand still until the gateway returns', () => {
    const tunnel = newTunnel();
    tunnel.setGatewayDown(true, at(1));
    expect(tunnel.status(at(5))).toBe('NotConnected');
    expect(tunnel.counters(at(5)).ingress).toBe(1000n);
    tunnel.setGatewayDown(false, at(5));
    expect(tunnel.status(at(6))).toBe('Connected');
    expect(tunnel.counters(at(6)).ingress).toBe(2000n);
  });

  it('when a counter is set beyond 2^53, then it keeps growing exactly', () => {
    const tunnel = newTunnel();
    tunnel.setCounters({ ingress: 9_007_199_254_740_993n }, at(0));
    expect(tunnel.counters(at(1)).ingress).toBe(9_007_199_254_741_993n);
  });
});
