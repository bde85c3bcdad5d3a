import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalHost } from '../../src/local/localHost';
import type { QueryFixture } from '../integration/queries/seedQueryFixture';
import { startQueryStack } from '../integration/queries/startQueryStack';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../test-results');
let host: LocalHost;
let fleet: QueryFixture;
let browser: Browser;

beforeAll(async () => {
  // CI installs Debian's chromium; without it this test fails rather than skips.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  ({ host, fleet } = await startQueryStack(inject('azuriteConnectionString'), 'e2edash'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the dashboard in a real browser', () => {
  it('shows the stuck link, opens its history on click, and logs no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));

    await page.goto(`${host.apiUrl}/dashboard?code=${encodeURIComponent(host.functionKey)}`, { timeout: 15_000 });
    const stuckRow = page.locator(`tr[data-key="${fleet.stuck.key}"]`);
    await stuckRow.waitFor({ timeout: 10_000 });
    expect(await stuckRow.textContent()).toContain('Not connected');
    expect(await stuckRow.textContent()).toContain('40 min');
    expect(await page.locator('#counts').textContent()).toContain('Not connected: 1');
    expect(page.url()).not.toContain('code=');

    await stuckRow.locator('button.link-button').click();
    await page.locator('#detail-title', { hasText: 'conn-stuck' }).waitFor({ timeout: 10_000 });
    await page.locator('#chart canvas').first().waitFor({ timeout: 10_000 });
    const bands = await page.locator('#timeline span').evaluateAll((spans) => spans.map((s) => s.className));
    expect(bands.at(-1)).toBe('s-NotConnected');
    expect(await page.locator('#transitions tbody tr').count()).toBe(3);
    expect(await page.locator('#timeline').getAttribute('aria-label')).toContain('Not connected from');

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-stuck-link.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
