import { describe, expect, it } from 'vitest';
import { parseTags } from '../../../src/core/linkState/parseTags';

describe('parseTags', () => {
  it.each([
    [{}, {}, 0],
    [{ 'tunnelwatch-threshold-minutes': '10' }, { stuckThresholdMs: 600_000 }, 0],
    [{ 'TunnelWatch-Remediate': 'FALSE' }, { remediate: false }, 0],
    [{ 'tunnelwatch-threshold-minutes': 'ten', 'tunnelwatch-remediate': 'maybe' }, {}, 2],
    [{ 'tunnelwatch-threshold-minutes': '99999' }, {}, 1],
    [{ owner: 'netops' }, {}, 0],
  ] as const)('%j → %j with %i problems', (tags, overrides, problems) => {
    const parsed = parseTags(tags);
    expect(parsed.overrides).toEqual(overrides);
    expect(parsed.problems).toHaveLength(problems);
  });
});
