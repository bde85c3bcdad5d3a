import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The dashboard as one self-contained HTML document: page, styles, uPlot and the page script inlined, so a single
 * key-protected GET serves everything (no anonymous asset routes, no build server). Built once per process.
 */
let cached: { readonly html: string; readonly csp: string } | undefined;

export function dashboardPage(): string {
  cached ??= assemble();
  return cached.html;
}

/**
 * The page's Content-Security-Policy: only the inlined scripts (by hash) run, nothing is loaded from elsewhere and
 * the page talks only to its own origin, so an injected link name cannot run script or exfiltrate the key.
 */
export function dashboardContentSecurityPolicy(): string {
  cached ??= assemble();
  return cached.csp;
}

function assemble(): { html: string; csp: string } {
  const staticDir = path.join(__dirname, 'static');
  const uplotDir = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const read = (file: string): string => readFileSync(file, 'utf8');
  const styles = [read(path.join(uplotDir, 'uPlot.min.css')), read(path.join(staticDir, 'dashboard.css'))];
  const scripts = [
    read(path.join(uplotDir, 'uPlot.iife.min.js')),
    read(path.join(staticDir, 'dashboard.js')),
  ];
  // `</` inside inlined code would end the element early; the JS/CSS here never needs it literally.
  const safe = (code: string): string => code.replace(/<\/(script|style)/gi, '<\\/$1');
  const html = read(path.join(staticDir, 'index.html'))
    .replace('<!--styles-->', () => styles.map((css) => `<style>${safe(css)}</style>`).join('\n'))
    .replace('<!--scripts-->', () => scripts.map((js) => `<script>${safe(js)}</script>`).join('\n'));
  const hashes = scripts.map(
    (js) => `'sha256-${createHash('sha256').update(safe(js), 'utf8').digest('base64')}'`,
  );
  // Styles stay inline-allowed: uPlot sizes its elements with style attributes; scripts are what must not be injected.
  const csp = [
    `default-src 'none'`,
    `script-src ${hashes.join(' ')}`,
    `style-src 'unsafe-inline'`,
    `img-src 'self' data:`,
    `connect-src 'self'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
  return { html, csp };
}
