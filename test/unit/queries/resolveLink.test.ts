import { describe, expect, it } from 'vitest';
import { resolveLink } from '../../../src/app/queries/resolveLink';
import { TunnelwatchError } from '../../../src/core/errors';
import type { LinkState } from '../../../src/core/linkState/linkState';
import {
  isLinkKey,
  linkKeyFromId,
  stateRowKeyOfGroup,
  stateRowKeyOfLinkKey,
} from '../../../src/core/ids/linkKey';
import { linkGroupOf } from '../../../src/core/ids/linkGroup';
import { buildState, linkId } from './builders';

const CLASSIC =
  '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-classic/providers/Microsoft.Network/connections/branch-42';
const fleet: LinkState[] = [
  buildState({ gateway: 'gw-east', connection: 'conn-a' }),
  buildState({ gateway: 'gw-east', connection: 'conn-b' }),
  {
    ...buildState({
      id: linkId('gw-east', 'conn-a').replace('rg-net', 'rg-other'),
      gateway: 'gw-east',
      connection: 'conn-a',
    }),
    resourceGroup: 'rg-other',
  },
  {
    ...buildState({ id: CLASSIC }),
    kind: 'classic',
    subscriptionId: '00000000-0000-0000-0000-000000000002',
    resourceGroup: 'rg-classic',
    gateway: 'vng-1',
    connection: 'branch-42',
    link: 'branch-42',
  },
];
const deps = {
  links: {
    get: (key: string) => Promise.resolve(fleet.find((s) => s.key === key)),
    list: () => Promise.resolve(fleet),
  },
};
const failure = async (ref: string, subscription?: string): Promise<TunnelwatchError> => {
  const thrown: unknown = await resolveLink(deps, ref, { subscription }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(thrown instanceof TunnelwatchError)) throw new Error(`expected a TunnelwatchError for ${ref}`);
  return thrown;
};

describe('link keys', () => {
  it('are 48 URL-safe characters, stable, case-insensitive in the id, and distinct per link', () => {
    const ids = [
      linkId('gw-east', 'conn-a'),
      linkId('gw-east', 'conn-a', 'conn-a-l2'),
      linkId('gw-west', 'conn-a'),
      CLASSIC,
    ];
    const keys = ids.map(linkKeyFromId);
    expect(keys.every((k) => isLinkKey(k) && k.length <= 64 && /^[A-Za-z0-9_-]+$/.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(ids.length);
    expect(linkKeyFromId(ids[0]!.toUpperCase())).toBe(keys[0]);
    // Pinned: keys are stored in every table, so a changed key function would orphan every stored row.
    expect(keys[0]).toBe('fec6cab80b92e964380ea7150417055d8df0124b00818e28');
  });

  it('name the state row of their connection, so a key alone finds the state', () => {
    for (const id of [linkId('gw-east', 'conn-a', 'conn-a-l2'), CLASSIC])
      expect(stateRowKeyOfLinkKey(linkKeyFromId(id))).toBe(stateRowKeyOfGroup(linkGroupOf(id)!));
  });
});

describe('resolveLink', () => {
  it.each([
    ['its key', fleet[1]!.key, fleet[1]!],
    ['its ARM id in upper case', fleet[1]!.id.toUpperCase(), fleet[1]!],
    ['gateway/connection/link', 'gw-east/conn-b/conn-b-l1', fleet[1]!],
    ['a name path with encoded slashes, any case', 'GW-EAST%2Fconn-b%2fconn-b-l1', fleet[1]!],
    ['resourceGroup/gateway/connection/link', 'rg-other/gw-east/conn-a/conn-a-l1', fleet[2]!],
    ['a classic connection name', 'branch-42', fleet[3]!],
    ['resourceGroup/connection for classic', 'rg-classic/branch-42', fleet[3]!],
  ])('when a link is named by %s, then that link is found', async (_how, ref, expected) => {
    expect((await resolveLink(deps, ref)).key).toBe(expected.key);
  });

  it('when a name matches links in two resource groups, then LINK.AMBIGUOUS lists both and the subscription or group settles it', async () => {
    const error = await failure('gw-east/conn-a/conn-a-l1');
    expect(error.code).toBe('LINK.AMBIGUOUS');
    expect((error.details.candidates as Array<{ name: string }>).map((c) => c.name).sort()).toEqual([
      'rg-net/gw-east/conn-a/conn-a-l1',
      'rg-other/gw-east/conn-a/conn-a-l1',
    ]);
    expect((await failure('gw-east/conn-a/conn-a-l1', '00000000-0000-0000-0000-000000000001')).code).toBe(
      'LINK.AMBIGUOUS',
    );
    expect((await resolveLink(deps, 'rg-net/gw-east/conn-a/conn-a-l1')).id).toBe(fleet[0]!.id);
  });

  it.each([
    ['a key of a link not in link state', linkKeyFromId(linkId('gw-gone', 'conn-a'))],
    ['an ARM id not in link state', linkId('gw-gone', 'conn-a')],
    ['a vWAN link by its connection alone', 'conn-a'],
    ['a name in another subscription', 'branch-42', '00000000-0000-0000-0000-000000000001'],
    ['too many parts', 'a/b/c/d/e'],
    ['an empty part', 'gw-east//conn-a-l1'],
  ])('when a link is named by %s, then LINK.NOT_FOUND', async (_how, ref, subscription?: string) => {
    expect((await failure(ref, subscription)).code).toBe('LINK.NOT_FOUND');
  });
});
