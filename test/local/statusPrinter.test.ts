import { describe, expect, it } from 'vitest';
import { createStatusPrinter } from '../../src/local/stack/statusPrinter';

const at = '[2026-12-06T12:00:00.000Z]';
const lines = {
  cycle: `${at} information Functions.poll (Id=1) cycle: 14 links (13 Connected, 1 NotConnected) · 1 transitions`,
  accepted: `${at} information Functions.remediate (Id=2) remediation remediate /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/g/vpnConnections/c/vpnLinkConnections/l: accepted (all-guards-passed)`,
  skipped: `${at} information Functions.remediate (Id=3) remediation postcheck /subscriptions/s/x: recovered (link-connected)`,
  warning: `${at} warning     Functions.poll (Id=4) poll timer is past due: running one catch-up cycle`,
  chatter: `${at} debug       Host lock lease acquired`,
};

function printed(verbose: boolean): string[] {
  const out: string[] = [];
  const printer = createStatusPrinter({ verbose, write: (line) => out.push(line) });
  for (const line of Object.values(lines)) printer.hostLine(line);
  return out;
}

describe('npm start status printer', () => {
  it('when not verbose, then cycle lines, every remediation line and warnings are printed, host chatter is not', () => {
    expect(printed(false)).toEqual([lines.cycle, lines.accepted, lines.skipped, lines.warning]);
  });

  it('when verbose, then every host line is printed', () => {
    expect(printed(true)).toHaveLength(Object.keys(lines).length);
  });
});
