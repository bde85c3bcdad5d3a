import { describe, expect, it } from 'vitest';
import { formatRate, renderTable } from '../../../src/cli/renderTable';

const longRow = [
  'NotConnected',
  'vpngw-westeurope-production-hub-0001',
  'site-'.repeat(20),
  'conn-'.repeat(30),
  '1h05m',
  'inc-12345678',
  '12.3k/4.0k',
];
const columns = ['STATUS', 'GATEWAY', 'SITE', 'CONNECTION/LINK', 'DOWN FOR', 'INCIDENT', 'IN/OUT bps'];

describe('renderTable', () => {
  it('when rows are wider than the limit, then every line fits and cut cells end with …', () => {
    const lines = renderTable(columns, [longRow, longRow], { maxWidth: 160 }).trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(160);
    expect(lines[1]).toContain('…');
    expect(lines[1]).toMatch(/^NotConnected\s+vpngw-westeurope-production-hub-\S*…\s/);
    expect(lines[1]).toMatch(/1h05m\s+inc-12345678 {2}12.3k\/4.0k$/);
  });

  it('when rows fit, then nothing is cut; without a limit nothing is ever cut', () => {
    const short = renderTable(['A', 'B'], [['x', 'y']], { maxWidth: 160 });
    expect(short).toBe('A  B\nx  y\n');
    expect(renderTable(columns, [longRow])).not.toContain('…');
  });

  it.each([
    [undefined, '—'],
    [null, '—'],
    [950, '950'],
    [12_345, '12.3k'],
    [4_100_000, '4.1M'],
    [1_200_000_000, '1.2G'],
  ])('formats %s bps as %s', (bps, shown) => {
    expect(formatRate(bps)).toBe(shown);
  });
});
