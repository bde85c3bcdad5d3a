import type { LinkStateRanges } from '../../../src/app/remediation/remediationPorts';
import { linkIsUnder, stateRowPrefixOfLinkKey, stateRowRangeOf } from '../../../src/core/linkState/linkStateRange';
import { stateRowKeyOfLinkKey } from '../../../src/core/ids/linkKey';
import type { LinkState } from '../../../src/core/linkState/linkState';

/**
 * Bounded link-state lookups over links held in memory, with the table's row layout (a link or connection is one
 * row, a gateway its target's range), so a test sees what the table store would return. Counts the lookups.
 */
export class InMemoryLinkStateRanges implements LinkStateRanges {
  lookups = 0;

  constructor(private readonly source: () => Iterable<LinkState>) {}

  under(resourceId: string): Promise<readonly LinkState[]> {
    this.lookups++;
    const range = stateRowRangeOf(resourceId);
    if (!range) return Promise.resolve([]);
    const inRange = (s: LinkState): boolean => {
      const row = stateRowKeyOfLinkKey(s.key);
      return range.kind === 'row' ? row === range.rowKey : row.startsWith(range.prefix);
    };
    return Promise.resolve([...this.source()].filter((s) => inRange(s) && linkIsUnder(s, resourceId)));
  }

  besideLink(linkKey: string): Promise<readonly LinkState[]> {
    this.lookups++;
    const prefix = stateRowPrefixOfLinkKey(linkKey);
    return Promise.resolve([...this.source()].filter((s) => stateRowKeyOfLinkKey(s.key).startsWith(prefix)));
  }

  anyRecorded(): Promise<boolean> {
    this.lookups++;
    return Promise.resolve(![...this.source()][Symbol.iterator]().next().done);
  }
}
