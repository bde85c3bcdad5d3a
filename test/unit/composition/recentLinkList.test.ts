import { describe, expect, it } from 'vitest';
import { withRecentLinkList } from '../../../src/composition/recentLinkList';
import type { LinkState } from '../../../src/core/linkState/linkState';

function counting(fail = false) {
  const calls = { list: 0, get: 0 };
  const reader = {
    list: () => {
      calls.list += 1;
      return fail && calls.list === 1
        ? Promise.reject(new Error('storage down'))
        : Promise.resolve([] as LinkState[]);
    },
    get: () => {
      calls.get += 1;
      return Promise.resolve(undefined);
    },
  };
  return { calls, reader };
}

describe('withRecentLinkList', () => {
  it('when lists are asked within the reuse window, then the table is read once; after it, again', async () => {
    let now = 0;
    const { calls, reader } = counting();
    const links = withRecentLinkList(reader, () => now, 5_000);
    await Promise.all([links.list(), links.list()]);
    now = 4_999;
    await links.list();
    expect(calls.list).toBe(1);
    now = 5_000;
    await links.list();
    expect(calls.list).toBe(2);
  });

  it('when a read fails, then the next list reads again; get is never reused', async () => {
    const { calls, reader } = counting(true);
    const links = withRecentLinkList(reader, () => 0, 5_000);
    await expect(links.list()).rejects.toThrow('storage down');
    await links.list();
    await links.get('k');
    await links.get('k');
    expect(calls).toEqual({ list: 2, get: 2 });
  });
});
