import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { parseArmBody } from '../../../src/adapters/arm/parseArmBody';

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/arm');

describe('parseArmBody', () => {
  it('keeps counters beyond 2^53 exactly, wherever they sit in the body', () => {
    const body = parseArmBody('{"name":"l1","properties":{"ingressBytesTransferred":9007199254740993,"egressBytesTransferred": 12,"list":[ 12345678901234567890]}}');
    expect(body).toEqual({ name: 'l1', properties: { ingressBytesTransferred: 9007199254740993n, egressBytesTransferred: 12, list: [12345678901234567890n] } });
  });

  it('keeps a negative long integer and a long decimal as lossless-json would', () => {
    expect(parseArmBody('{"a":-9007199254740993,"b":0.1234567890123456789,"c":1e21}')).toEqual({ a: -9007199254740993n, b: Number('0.1234567890123456789'), c: 1e21 });
  });

  it('when a string only looks like a long number, then the body still parses to the same values', () => {
    const text = '{"name":"a:1234567890123456789","tags":{"k":"v"},"n":7}';
    expect(parseArmBody(text)).toEqual({ name: 'a:1234567890123456789', tags: { k: 'v' }, n: 7 });
  });

  it.each(readdirSync(REFERENCE).filter((f) => f.endsWith('.json')))('parses the official example %s to the same value as the lossless parser', (file) => {
    const text = readFileSync(path.join(REFERENCE, file), 'utf8');
    expect(parseArmBody(text)).toEqual(parse(text, null, (v: string) => Number(v)));
  });

  it.each([undefined, '', '   ', '{"broken":', 'not json'])('returns undefined for an empty or malformed body (%j)', (text) => {
    expect(parseArmBody(text)).toBeUndefined();
  });
});
