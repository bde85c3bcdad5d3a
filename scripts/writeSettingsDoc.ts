/** Rewrites the settings table between docs/settings.md's markers from src/config/settings.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../src/config/settings';

const file = path.resolve(__dirname, '..', 'docs', 'settings.md');
const begin = '<!-- settings:begin -->';
const end = '<!-- settings:end -->';
const rows = SETTINGS.map((s) => `| \`${s.name}\` | ${'default' in s ? `\`${s.default}\`` : '—'} | ${s.meaning.replace(/\|/g, '\\|')} |`);
const table = ['| setting | default | meaning |', '|---|---|---|', ...rows].join('\n');
const text = readFileSync(file, 'utf8');
const start = text.indexOf(begin);
const stop = text.indexOf(end);
if (start < 0 || stop < start) throw new Error('docs/settings.md settings markers not found');
writeFileSync(file, `${text.slice(0, start + begin.length)}\n${table}\n${text.slice(stop)}`);
console.log('docs/settings.md settings table written');
