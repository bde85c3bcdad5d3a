/**
 * One simulated tunnel (a vWAN link connection or a classic connection): its status over time and its byte
 * counters, computed lazily from an injected clock so tests never sleep. Counters only grow while Connected and
 * busy (an idle link passes no traffic), and restart from zero after a reset, as real tunnels do; they are bigint
 * to keep int64 semantics.
 */
export const LINK_STATUSES = ['Connected', 'Connecting', 'NotConnected', 'Unknown'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];
export const SCENARIOS = ['none', 'stuck', 'recover-after', 'flap'] as const;
export type Scenario = (typeof SCENARIOS)[number];
/** A busy link's counters grow while Connected; an idle link is Connected with counters that stay put. */
export const TRAFFIC = ['busy', 'idle'] as const;
export type Traffic = (typeof TRAFFIC)[number];

type Phase =
  | { kind: 'steady'; status: LinkStatus }
  | { kind: 'stuck' }
  /** Down (or Connecting after a reset) until `upAt`, then Connected. */
  | { kind: 'until'; status: LinkStatus; upAt: number; scenario: Scenario }
  /** Goes down at `since`, then toggles every `periodMs`. */
  | { kind: 'flap'; since: number; periodMs: number };

export interface ByteRates {
  readonly ingressPerSecond: number;
  readonly egressPerSecond: number;
}

export class TunnelState {
  private phase: Phase = { kind: 'steady', status: 'Connected' };
  private ingressBase = 0n;
  private egressBase = 0n;
  private settledAt: number;
  private gatewayDown = false;
  private trafficKind: Traffic = 'busy';
  /** When the current phase (or gateway state) began: the only history upMs knows. */
  private phaseSince: number;

  constructor(
    private readonly rates: ByteRates,
    createdAt: number,
  ) {
    this.settledAt = createdAt;
    this.phaseSince = createdAt;
  }

  status(now: number): LinkStatus {
    if (this.gatewayDown) return 'NotConnected';
    const phase = this.phase;
    switch (phase.kind) {
      case 'steady':
        return phase.status;
      case 'stuck':
        return 'NotConnected';
      case 'until':
        return now < phase.upAt ? phase.status : 'Connected';
      case 'flap':
        return flapIndex(phase, now) % 2 === 1 ? 'Connected' : 'NotConnected';
    }
  }

  scenario(): Scenario {
    const phase = this.phase;
    if (phase.kind === 'stuck') return 'stuck';
    if (phase.kind === 'flap') return 'flap';
    if (phase.kind === 'until') return phase.scenario;
    return 'none';
  }

  counters(now: number): { ingress: bigint; egress: bigint } {
    const ms = this.connectedMs(this.settledAt, now);
    return {
      ingress: this.ingressBase + grow(this.rates.ingressPerSecond, ms),
      egress: this.egressBase + grow(this.rates.egressPerSecond, ms),
    };
  }

  traffic(): Traffic {
    return this.trafficKind;
  }

  /**
   * Milliseconds the tunnel was up in [from, to), busy or idle (the metrics' security associations). Time before the
   * current phase began counts as down: its history is not kept, and saying less is the hard side.
   */
  upMs(from: number, to: number): number {
    const start = Math.max(from, this.phaseSince);
    if (to <= start || this.gatewayDown) return 0;
    return this.phaseUpMs(start, to);
  }

  /** Bytes per second while up: the configured rates when busy, none when idle. */
  trafficRates(): ByteRates {
    return this.trafficKind === 'idle' ? { ingressPerSecond: 0, egressPerSecond: 0 } : this.rates;
  }

  setTraffic(traffic: Traffic, now: number): void {
    this.settle(now);
    this.trafficKind = traffic;
  }

  setStatus(status: LinkStatus, now: number): void {
    this.transition(now, { kind: 'steady', status });
  }

  setScenario(scenario: Scenario, seconds: number, now: number): void {
    const ms = seconds * 1000;
    switch (scenario) {
      case 'none':
        return this.setStatus(this.status(now), now);
      case 'stuck':
        return this.transition(now, { kind: 'stuck' });
      case 'recover-after':
        return this.transition(now, { kind: 'until', status: 'NotConnected', upAt: now + ms, scenario });
      case 'flap':
        return this.transition(now, { kind: 'flap', since: now, periodMs: ms });
    }
  }

  /** A successful reset: the tunnel drops at once, is Connecting for `recoverMs`, then Connected; counters restart. */
  applyReset(now: number, recoverMs: number): void {
    this.transition(now, { kind: 'until', status: 'Connecting', upAt: now + recoverMs, scenario: 'none' });
    this.ingressBase = 0n;
    this.egressBase = 0n;
  }

  /** Test hook: counters beyond 2^53 prove that nobody parses them through a double. */
  setCounters(values: { ingress?: bigint; egress?: bigint }, now: number): void {
    this.settle(now);
    if (values.ingress !== undefined) this.ingressBase = values.ingress;
    if (values.egress !== undefined) this.egressBase = values.egress;
  }

  setGatewayDown(down: boolean, now: number): void {
    this.settle(now);
    this.gatewayDown = down;
    this.phaseSince = now;
  }

  private transition(now: number, next: Phase): void {
    this.settle(now);
    this.phase = next;
    this.phaseSince = now;
  }

  /** Folds the growth so far into the bases, so a new phase only governs time after `now`. */
  private settle(now: number): void {
    const current = this.counters(now);
    this.ingressBase = current.ingress;
    this.egressBase = current.egress;
    this.settledAt = Math.max(this.settledAt, now);
  }

  private connectedMs(from: number, to: number): number {
    if (to <= from || this.gatewayDown || this.trafficKind === 'idle') return 0;
    return this.phaseUpMs(from, to);
  }

  private phaseUpMs(from: number, to: number): number {
    const phase = this.phase;
    switch (phase.kind) {
      case 'steady':
        return phase.status === 'Connected' ? to - from : 0;
      case 'stuck':
        return 0;
      case 'until':
        return Math.max(0, to - Math.max(from, phase.upAt));
      case 'flap':
        return flapConnectedMs(phase, to) - flapConnectedMs(phase, from);
    }
  }
}

function grow(bytesPerSecond: number, ms: number): bigint {
  return BigInt(Math.floor((bytesPerSecond * ms) / 1000));
}

function flapIndex(phase: { since: number; periodMs: number }, t: number): number {
  return Math.floor(Math.max(0, t - phase.since) / phase.periodMs);
}

/** Connected milliseconds in [since, t]: intervals alternate down, up, down, ... */
function flapConnectedMs(phase: { since: number; periodMs: number }, t: number): number {
  const elapsed = Math.max(0, t - phase.since);
  const n = flapIndex(phase, t);
  const partial = elapsed - n * phase.periodMs;
  return Math.floor(n / 2) * phase.periodMs + (n % 2 === 1 ? partial : 0);
}
