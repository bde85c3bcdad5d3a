import { createHmac } from 'node:crypto';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import type { LinkState } from '../../../src/core/linkState/linkState';
import { buildLinkState } from '../../support/builders';
import type { HourlyRollup } from '../../../src/core/rollups/hourlyRollup';
import type { RollupStore } from '../../../src/app/queries/queryPorts';

export const NOW = new Date('2026-03-10T12:00:00.000Z');
export const sign = (text: string): string => createHmac('sha256', 'test-key').update(text).digest('base64url');

export function linkId(gateway: string, connection: string, link = `${connection}-l1`): string {
  return `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/vpnGateways/${gateway}/vpnConnections/${connection}/vpnLinkConnections/${link}`;
}

/** A healthy link as the query routes read it, at this suite's NOW (built on the shared link-state builder). */
export function buildState(overrides: Partial<LinkState> & { gateway?: string; connection?: string } = {}): LinkState {
  const gateway = overrides.gateway ?? 'gw-east';
  const connection = overrides.connection ?? 'conn-a';
  const id = overrides.id ?? linkId(gateway, connection, overrides.link);
  const healthy: Partial<LinkState> = {
    id,
    resourceGroup: 'rg-net',
    gateway,
    connection,
    link: `${connection}-l1`,
    site: 'site-paris',
    siteLink: 'paris-isp1',
    protocol: 'IKEv2',
    bandwidthMbps: 100,
    bgp: true,
    dpdTimeoutSeconds: 45,
    status: 'Connected',
    statusSince: '2026-03-01T00:00:00.000Z',
    ingressBytes: '1000',
    egressBytes: '2000',
    ingressBps: 800,
    egressBps: 1600,
  };
  const { downSince: _d, incidentId: _i, polledAt: _p, ...state } = buildLinkState(healthy, NOW) as LinkState & { polledAt?: string };
  return { ...state, ...overrides };
}

export function buildSnapshot(state: LinkState, overrides: Partial<LinkSnapshot> = {}): LinkSnapshot {
  const { statusSince: _s, downSince: _d, lastPolledAt: _l, overrides: _o, incidentId: _i, lastResetAt: _r, previousStatus: _p, lastTransitionAt: _t, lastCounterRestartAt: _c, ...rest } = state;
  return { ...rest, polledAt: NOW.toISOString(), ...overrides };
}

/** Rollups in memory, counting calls, for the pure-logic tests (the Table adapter is tested against Azurite). */
export function memoryRollupStore(): RollupStore & { readonly rows: Map<string, HourlyRollup> } {
  const rows = new Map<string, HourlyRollup>();
  const id = (hour: string, key: string): string => `${hour}|${key}`;
  return {
    rows,
    readHour: async (hour, keys) => new Map(keys.flatMap((k) => (rows.has(id(hour, k)) ? [[k, rows.get(id(hour, k))!] as const] : []))),
    writeHour: async (hour, rollups) => {
      for (const r of rollups) rows.set(id(hour, r.linkKey), r);
    },
    readLinkHours: async (key, hours) => hours.flatMap((h) => (rows.has(id(h, key)) ? [rows.get(id(h, key))!] : [])),
    readFleetHours: async (hours) =>
      hours.map((hour) => {
        const mine = [...rows.values()].filter((r) => r.hour === hour);
        return { hour, links: mine.length, linksDown: mine.filter((r) => r.downSeconds > 0 || r.upSamples < r.samples).length, downSeconds: mine.reduce((a, r) => a + r.downSeconds, 0) };
      }),
  };
}

/** Query deps over a fixed fleet in memory, at this suite's NOW. */
export function fleetQueryDeps(fleet: readonly LinkState[]) {
  return {
    links: { get: (key: string) => Promise.resolve(fleet.find((s) => s.key === key)), list: () => Promise.resolve(fleet) },
    transitions: { readRange: () => Promise.resolve([]) },
    rollups: memoryRollupStore(),
    sign,
    clock: { now: () => NOW },
  };
}
