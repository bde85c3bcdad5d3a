import { InMemoryAuditStore } from '../../../support/fakes/inMemoryAuditStore';
import { InMemoryIncidentStore } from '../../../support/fakes/inMemoryIncidentStore';
import { InMemoryLinkStateRanges } from '../../../support/fakes/inMemoryLinkStateRanges';
import { InMemoryRequestGate } from '../../../support/fakes/inMemoryRequestGate';
import { InMemoryResetLedger } from '../../../support/fakes/inMemoryResetLedger';
import type { LinkStateReader, RemediationQueue } from '../../../../src/app/ports';
import type { RemediationDeps, RemediationEvent, RemediationSettings } from '../../../../src/app/remediation/remediationPorts';
import type { LinkState } from '../../../../src/core/linkState/linkState';
import type { RemediationRequest } from '../../../../src/core/remediation/remediationRequest';
import { FakeNetwork } from './fakeNetwork';
import { NOW, SUB } from '../../../support/builders';

export const SETTINGS: RemediationSettings = {
  scopes: [SUB],
  downStatuses: ['NotConnected'],
  stuckThresholdMs: 5 * 60_000,
  remediationMode: 'enabled',
  resetCooldownMs: 30 * 60_000,
  maxAttemptsPerIncident: 3,
  resetBudgetPerHour: 10,
  blastRadiusPercent: 50,
  postCheckDelayMs: 5 * 60_000,
  resetTimeoutMs: 60_000,
  ikeSasTimeoutMs: 5_000,
};

export class FakeQueue implements RemediationQueue {
  readonly sent: Array<{ request: RemediationRequest; visibilityDelayMs: number }> = [];
  send(request: RemediationRequest, options: { visibilityDelayMs?: number } = {}): Promise<void> {
    this.sent.push({ request: structuredClone(request), visibilityDelayMs: options.visibilityDelayMs ?? 0 });
    return Promise.resolve();
  }
  /** Removes and returns every message sent so far. */
  drain(): Array<{ request: RemediationRequest; visibilityDelayMs: number }> {
    return this.sent.splice(0, this.sent.length);
  }
}

/** Link state in memory: point reads, the whole list (counted) and the bounded lookups (counted in `ranges.lookups`). */
export class FakeLinkStates extends InMemoryLinkStateRanges implements LinkStateReader {
  readonly states: Map<string, LinkState>;
  readonly resetsRecorded: string[] = [];
  lists = 0;
  constructor(initial: readonly LinkState[] = []) {
    const states = new Map<string, LinkState>();
    super(() => states.values());
    this.states = states;
    for (const s of initial) this.states.set(s.key, s);
  }
  get(linkKey: string): Promise<LinkState | undefined> {
    return Promise.resolve(this.states.get(linkKey));
  }
  list(): Promise<readonly LinkState[]> {
    this.lists++;
    return Promise.resolve([...this.states.values()]);
  }
}

export interface Harness {
  readonly deps: RemediationDeps;
  readonly network: FakeNetwork;
  readonly linkStates: FakeLinkStates;
  readonly queue: FakeQueue;
  readonly incidents: InMemoryIncidentStore;
  readonly audit: InMemoryAuditStore;
  readonly ledger: InMemoryResetLedger;
  readonly gate: InMemoryRequestGate;
  readonly events: RemediationEvent[];
  readonly clock: { now(): Date; set(at: Date): void; advance(ms: number): void };
}

export function buildHarness(options: { settings?: Partial<RemediationSettings>; states?: readonly LinkState[]; network?: FakeNetwork } = {}): Harness {
  let now = NOW;
  let ids = 0;
  const settings = { ...SETTINGS, ...options.settings };
  const events: RemediationEvent[] = [];
  const network = options.network ?? new FakeNetwork();
  const linkStates = new FakeLinkStates(options.states);
  const queue = new FakeQueue();
  const incidents = new InMemoryIncidentStore();
  const audit = new InMemoryAuditStore();
  const ledger = new InMemoryResetLedger(settings.resetBudgetPerHour);
  const gate = new InMemoryRequestGate();
  const clock = { now: () => now, set: (at: Date) => void (now = at), advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
  const deps: RemediationDeps = {
    network,
    linkStates,
    linkRanges: linkStates,
    requestGate: gate,
    recordReset: (key) => Promise.resolve(void linkStates.resetsRecorded.push(key)),
    queue,
    incidents,
    audit,
    ledger,
    events: { emit: (e) => Promise.resolve(void events.push(e)) },
    settings,
    clock,
    newId: () => `id-${++ids}`,
  };
  return { deps, network, linkStates, queue, incidents, audit, ledger, gate, events, clock };
}
