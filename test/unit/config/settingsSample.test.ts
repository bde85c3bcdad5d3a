import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig';
import { SETTINGS } from '../../../src/config/settings';
import { renderSettingsSample } from '../../../src/config/settingsSample';

const root = path.resolve(__dirname, '../../..');

describe('local.settings.sample.json', () => {
  it('lists every setting the app reads, with its meaning (regenerate with npx tsx scripts/writeSettingsSample.ts)', () => {
    expect(readFileSync(path.join(root, 'local.settings.sample.json'), 'utf8')).toBe(renderSettingsSample());
  });

  it('is a valid configuration as it stands', () => {
    const sample = JSON.parse(renderSettingsSample()) as { Values: Record<string, string> };
    expect(() => loadConfig(sample.Values)).not.toThrow();
  });
});

describe('docs/settings.md settings table', () => {
  it('names every setting', () => {
    const readme = readFileSync(path.join(root, 'docs', 'settings.md'), 'utf8');
    const missing = SETTINGS.map((s) => s.name).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
