import { describe, expect, it } from 'vitest';
import { decodeContinuationToken, encodeContinuationToken } from '../../../src/core/queries/continuationToken';
import { renderCsv } from '../../../src/core/queries/renderCsv';
import { sign } from './builders';

describe('continuation tokens', () => {
  const token = encodeContinuationToken({ a: '2026-03-10T10:00:00.000Z', o: 3 }, 'history|k1', sign);

  it('when a token comes back unchanged for the same query, then its position is read', () => {
    expect(decodeContinuationToken(token, 'history|k1', sign)).toEqual({ a: '2026-03-10T10:00:00.000Z', o: 3 });
  });

  it.each([
    ['an edited position', token.replace(/^../, (c) => (c === '7b' ? '7c' : '7b'))],
    ['an edited signature', `${token.slice(0, -2)}${token.endsWith('AA') ? 'AB' : 'AA'}`],
    ['an extra segment', `${token}.x`],
    ['no signature', token.split('.')[0]!],
    ['garbage', 'zz.zz'],
  ])('when a token has %s, then it is rejected', (_name, tampered) => {
    expect(decodeContinuationToken(tampered, 'history|k1', sign)).toBeUndefined();
  });

  it('when a token is replayed against another query, then it is rejected', () => {
    expect(decodeContinuationToken(token, 'history|k2', sign)).toBeUndefined();
  });
});

describe('CSV', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(renderCsv(['a', 'b', 'c'], [['x,y', '=cmd()', 3], ['say "hi"', undefined, true]])).toBe(
      'a,b,c\r\n"x,y",\'=cmd(),3\r\n"say ""hi""",,true\r\n',
    );
  });
});
