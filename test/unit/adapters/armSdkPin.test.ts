import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const json = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

describe('the @azure/arm-network pin', () => {
  it('is an exact version, and the installed package is that version (the reset tests prove the behaviour of exactly it)', () => {
    const wanted = (json('package.json').dependencies as Record<string, string>)['@azure/arm-network'];
    expect(wanted).toMatch(/^\d+\.\d+\.\d+$/);
    expect(json('node_modules/@azure/arm-network/package.json').version).toBe(wanted);
  });
});
