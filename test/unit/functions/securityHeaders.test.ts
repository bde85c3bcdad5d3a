import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dashboardHandler } from '../../../src/functions/dashboard';
import { healthHandler } from '../../../src/functions/health';
import { json } from '../../../src/functions/http/httpErrors';

describe('security headers', () => {
  it('the dashboard carries a Content-Security-Policy that runs exactly its inlined scripts and loads nothing else', async () => {
    const response = await dashboardHandler();
    const headers = response.headers as Record<string, string>;
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = typeof response.body === 'string' ? response.body : '';
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
      (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
    );
    expect(scripts.length).toBeGreaterThan(0);
    expect(/script-src ([^;]*)/.exec(csp)?.[1]?.split(' ').sort()).toEqual(scripts.sort());
  });

  it('every JSON answer says nosniff, so echoed caller text is never sniffed into HTML', async () => {
    expect(
      (
        json(400, { error: { code: 'REQUEST.INVALID', message: '<script>' } }).headers as Record<
          string,
          string
        >
      )['x-content-type-options'],
    ).toBe('nosniff');
    expect(((await healthHandler()).headers as Record<string, string>)['x-content-type-options']).toBe(
      'nosniff',
    );
  });
});
