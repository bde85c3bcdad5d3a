import { describe, expect, it } from 'vitest';
import {
  decodeContinuationToken,
  encodeContinuationToken,
} from '../../../src/core/queries/continuationToken';
import { renderCsv } from '../../../src/core/queries/renderCsv';
import { QUERY_LIMITS } from '../../../src/core/queries/queryLimits';
import { narrowedRange, readToken } from '../../../src/app/queries/keysetPage';
import { sign } from './builders';

describe('continuation tokens', () => {
  const token = encodeContinuationToken({ a: '2026-03-10T10:00:00.000Z', o: 3 }, 'history|k1', sign);

  it('when a token comes back unchanged for the same query, then its position is read', () => {
    expect(decodeContinuationToken(token, 'history|k1', sign)).toEqual({
      a: '2026-03-10T10:00:00.000Z',
      o: 3,
    });
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
  it.each([' =cmd()', '\n=cmd()', '\r\n+1', '  @SUM(A1)', '\t-2'])(
    'neutralises a formula behind leading whitespace: %j',
    (value) => {
      expect(
        renderCsv(['a'], [[value]])
          .split('\r\n')[1]!
          .replace(/^"/, ''),
      ).toMatch(/^'/);
    },
  );

  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(
      renderCsv(
        ['a', 'b', 'c'],
        [
          ['x,y', '=cmd()', 3],
          ['say "hi"', undefined, true],
        ],
      ),
    ).toBe('a,b,c\r\n"x,y",\'=cmd(),3\r\n"say ""hi""",,true\r\n');
  });
});

describe('continuation tokens carry their window, held to the query bounds', () => {
  const DAY = 86_400_000;
  const forged = (from: string, to: string, position: Record<string, string> = { a: to }) =>
    encodeContinuationToken({ ...position, f: from, w: to }, 'events|k1|desc', sign);

  it('when a validly signed token spans 50 years, then the events query refuses it instead of reading that window', () => {
    const token = forged('1990-01-01T00:00:00.000Z', '2040-01-01T00:00:00.000Z', {
      a: '2030-01-01T00:00:00.000Z',
    });
    expect(() =>
      narrowedRange(
        {
          from: '2026-03-01T00:00:00Z',
          to: '2026-03-02T00:00:00Z',
          order: 'desc',
          top: 10,
          continuationToken: token,
        },
        'events|k1|desc',
        sign,
        QUERY_LIMITS.events.maxWindowMs,
      ),
    ).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID' }));
  });

  it('when a token spans exactly the bound, then it is read', () => {
    const to = '2026-03-31T00:00:00.000Z';
    const from = new Date(Date.parse(to) - QUERY_LIMITS.events.maxWindowMs).toISOString();
    const token = forged(from, to, { a: '2026-03-30T00:00:00.000Z' });
    const { window } = narrowedRange(
      { from: 'x', to: 'y', order: 'desc', top: 10, continuationToken: token },
      'events|k1|desc',
      sign,
      QUERY_LIMITS.events.maxWindowMs,
    );
    expect(window).toEqual({ from, to });
  });

  it('when an audit token spans more than 90 days, then the remediations query refuses it', () => {
    const token = encodeContinuationToken(
      {
        t: 'store',
        f: '2020-01-01T00:00:00.000Z',
        w: new Date(Date.parse('2020-01-01T00:00:00.000Z') + 91 * DAY).toISOString(),
      },
      'remediations||',
      sign,
    );
    expect(() =>
      readToken(
        { from: 'x', to: 'y', continuationToken: token },
        'remediations||',
        sign,
        QUERY_LIMITS.remediations.maxWindowMs,
      ),
    ).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID' }));
  });
});
