import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The dashboard as one self-contained HTML document: page, styles, uPlot and the page script inlined, so a single
 * key-protected GET serves everything (no anonymous asset routes, no build server). Built once per process.
 */
let cached: string | undefined;

export function dashboardPage(): string {
  cached ??= assemble();
  return cached;
}

function assemble(): string {
  const staticDir = path.join(__dirname, 'static');
  const uplotDir = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const read = (file: string): string => readFileSync(file, 'utf8');
  const styles = [read(path.join(uplotDir, 'uPlot.min.css')), read(path.join(staticDir, 'dashboard.css'))];
  const scripts = [read(path.join(uplotDir, 'uPlot.iife.min.js')), read(path.join(staticDir, 'dashboard.js'))];
  // `</` inside inlined code would end the element early; the JS/CSS here never needs it literally.
  const safe = (code: string): string => code.replace(/<\/(script|style)/gi, '<\\/$1');
  return read(path.join(staticDir, 'index.html'))
    .replace('<!--styles-->', () => styles.map((css) => `<style>${safe(css)}</style>`).join('\n'))
    .replace('<!--scripts-->', () => scripts.map((js) => `<script>${safe(js)}</script>`).join('\n'));
}
