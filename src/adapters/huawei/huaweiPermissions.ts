import type { ScopePermissions } from '../../core/permissions/assessPermissions';
import { errorCode, toError } from '../../core/errors';
import { huaweiScopeId, type HuaweiRef } from '../../core/huawei/huaweiId';
import { asObject, asString } from '../../core/snapshot/rawValues';
import type { HuaweiVpnClient } from './huaweiVpnClient';

/** The Huawei IAM actions tunnelwatch needs, by what they are for (README "Huawei Cloud", docs/huawei.md). */
export const HUAWEI_PERMISSION_NEEDS = {
  /** Polling (the project's connections) and the fresh read before every decision. */
  monitor: ['vpn:vpnConnections:list', 'vpn:vpnConnections:get'],
  /** The reset itself: Huawei has no read of a policy, and probing it would reset a connection, so it is not checked. */
  reset: ['vpn:vpnConnections:reset'],
  /** Pairing the two ends of a tunnel (customer gateways' IPs, VPN gateways' EIPs and names); their absence blocks nothing. */
  other: ['vpn:customerGateways:list', 'vpn:vpnGateways:list'],
} as const;

interface Probe {
  readonly action: string;
  readonly read: () => Promise<unknown>;
}

/**
 * `doctor` for Huawei projects. Huawei's IAM has no "what may I do" read like ARM's permissions API, so each read
 * tunnelwatch sends is tried once: a 403 names its action as missing; any other failure makes the scope unreadable
 * (its `error`, asked again later). The reset cannot be tried without resetting a connection: it is assumed held, and
 * a refusal shows as HUAWEI.FORBIDDEN in the audit. A project without connections cannot prove `get` either way.
 */
export async function checkHuaweiPermissions(client: HuaweiVpnClient, refs: readonly HuaweiRef[]): Promise<ScopePermissions[]> {
  return Promise.all(refs.map((ref) => checkProject(client, ref)));
}

async function checkProject(client: HuaweiVpnClient, ref: HuaweiRef): Promise<ScopePermissions> {
  const scope = huaweiScopeId(ref);
  const missing: string[] = [];
  let connections: unknown[] = [];
  const probes: Probe[] = [
    { action: 'vpn:vpnConnections:list', read: async () => (connections = await client.listConnections(ref)) },
    { action: 'vpn:vpnConnections:get', read: () => firstConnectionRead(client, ref, connections) },
    { action: 'vpn:customerGateways:list', read: () => client.listCustomerGateways(ref) },
    { action: 'vpn:vpnGateways:list', read: () => client.listVpnGateways(ref) },
  ];
  for (const probe of probes) {
    try {
      await probe.read();
    } catch (thrown) {
      const code = errorCode(thrown);
      // Unreadable: not ok, but nothing is switched off on a guess (as an unreadable ARM permission list).
      if (code !== 'HUAWEI.FORBIDDEN') return { ...verdict(scope, missing), ok: false, error: { code, message: toError(thrown).message.slice(0, 300) } };
      missing.push(probe.action);
    }
  }
  return verdict(scope, missing);
}

/** ShowVpnConnection of the project's first connection; nothing to read (and nothing to prove) without one. */
async function firstConnectionRead(client: HuaweiVpnClient, ref: HuaweiRef, connections: readonly unknown[]): Promise<unknown> {
  const id = asString(asObject(connections[0])?.id, 64);
  return id === undefined ? undefined : client.getConnection(ref, id);
}

function verdict(scope: string, missing: readonly string[]): ScopePermissions {
  const canMonitor = !missing.some((action) => (HUAWEI_PERMISSION_NEEDS.monitor as readonly string[]).includes(action));
  return { scope, ok: missing.length === 0, missing: [...missing], canMonitor, canRemediate: canMonitor, statusReadScope: scope };
}
