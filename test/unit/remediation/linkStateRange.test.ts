import { describe, expect, it } from 'vitest';
import { stateRowKeyOfLinkKey, linkKeyFromId } from '../../../src/core/ids/linkKey';
import { stateRowRangeOf, type StateRowRange } from '../../../src/core/linkState/linkStateRange';
import { gatewayId, linkId, RG } from '../../support/builders';

const CLASSIC = `${RG}/providers/Microsoft.Network/connections/cn1`;
const CLASSIC_GW = `${RG}/providers/Microsoft.Network/virtualNetworkGateways/vng1`;
const covers = (range: StateRowRange | undefined, link: string): boolean => {
  const row = stateRowKeyOfLinkKey(linkKeyFromId(link));
  if (!range) return false;
  return range.kind === 'row' ? row === range.rowKey : row.startsWith(range.prefix);
};

describe('stateRowRangeOf: the bounded state rows a resource id names', () => {
  it.each([
    ['a vWAN link connection', linkId('gw1', 'conn1', 'link1'), 'row', [linkId('gw1', 'conn1', 'link1'), linkId('gw1', 'conn1', 'link2')], [linkId('gw1', 'conn2', 'link1')]],
    ['a vWAN connection', `${gatewayId('gw1')}/vpnConnections/conn1`, 'row', [linkId('gw1', 'conn1', 'link2')], [linkId('gw1', 'conn2', 'link1')]],
    ['a vWAN gateway', gatewayId('gw1').toLowerCase(), 'target', [linkId('gw1', 'conn1', 'link1'), linkId('gw1', 'conn9', 'link2')], [linkId('gw2', 'conn1', 'link1')]],
    ['a classic connection', CLASSIC, 'row', [CLASSIC], [`${RG}/providers/Microsoft.Network/connections/cn2`]],
    ['a classic gateway (its resource group)', CLASSIC_GW, 'target', [CLASSIC], [linkId('gw1', 'conn1', 'link1')]],
  ] as const)('when the target is %s, then it is one %s range that holds its links and not others', (_name, target, kind, inside, outside) => {
    const range = stateRowRangeOf(target);
    expect(range?.kind).toBe(kind);
    for (const l of inside) expect(covers(range, l)).toBe(true);
    for (const l of outside) expect(covers(range, l)).toBe(false);
  });

  it('when the id is no VPN resource, then there is no range (nothing is read)', () => {
    expect(stateRowRangeOf(`${RG}/providers/Microsoft.Storage/storageAccounts/sa1`)).toBeUndefined();
  });
});
