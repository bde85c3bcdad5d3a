import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LINK_LIST_REUSE_MS } from '../../../src/composition/recentLinkList';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { startLocalStack, type LocalStack } from '../../../src/local/stack/localStack';

/** 1 subscription × 100 gateways × 50 connections × 2 links = 10,000 vWAN links. */
export const FLEET_10K = '1x100x50x2';
export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../../..');

/** Debian's chromium through playwright-core, with the flags it needs as root on an offline machine (no sandbox, no GPU, no background networking). */
export async function launchChromium(): Promise<Browser> {
  // CI installs Debian's chromium; without it the browser tests fail rather than skip.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface FleetStack {
  readonly stack: LocalStack;
  readonly links: number;
  /** Links held stuck NotConnected, all on one gateway (so that gateway is the worst). */
  readonly stuckIds: readonly string[];
  readonly stuckGateway: string;
  /** A healthy link on another gateway, to search for. */
  readonly healthyId: string;
}

/**
 * The whole app on the simulator with a large fleet, polled once on demand (the timer is off so polls do not
 * compete with the browser for the CPU) and waited for, bounded by `boundMs`.
 */
export async function startFleetStack(fleet = FLEET_10K, boundMs = 420_000): Promise<FleetStack> {
  const started = Date.now();
  const stack = await startLocalStack({
    functionsDir: path.join(ROOT, 'src/functions'),
    hostJsonPath: path.join(ROOT, 'host.json'),
    port: 0,
    fleet,
    log: () => undefined,
    settings: { 'AzureWebJobs.poll.Disabled': 'true', TW_REMEDIATION_MODE: 'dry-run' },
  });
  try {
    const sim = stack.simulator!;
    const demoStuck = stack.demo!.stuckLinkId;
    const gatewayOf = (id: string): string => id.split('/vpnConnections/')[0]!;
    const all = sim.listLinks();
    const sameGateway = all
      .filter((l) => l.kind === 'vwan' && gatewayOf(l.id) === gatewayOf(demoStuck) && l.id !== demoStuck)
      .slice(0, 3);
    for (const l of sameGateway) sim.setLinkState({ id: l.id, status: 'NotConnected', scenario: 'stuck' });
    const healthy = all.find(
      (l) =>
        l.kind === 'vwan' &&
        l.status === 'Connected' &&
        gatewayOf(l.id) !== gatewayOf(demoStuck) &&
        l.id !== stack.demo!.flappingLinkId,
    )!;
    const stuckIds = [demoStuck, ...sameGateway.map((l) => l.id)];
    // Lists carry no status (as in Azure): the first cycle can GET only what the read budget allows and leaves most
    // links unconfirmed; the second sees the counters move and GETs the links whose counters stay flat (the stuck ones).
    await stack.host.invokeTimer('poll');
    const links = await waitForState(stack, all.length, stuckIds, healthy.id, started + boundMs);
    await stack.host.invokeTimer('poll');
    await waitForConfirmed(stack, stuckIds, started + boundMs);
    return {
      stack,
      links,
      stuckIds,
      stuckGateway: gatewayOf(demoStuck).split('/').at(-1)!,
      healthyId: healthy.id,
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/**
 * Until every shard has stored its state: the stuck and the healthy link are known and every link of the fleet is
 * stored (shards wait on their share of the read budget, so a count that holds still for a while proves nothing).
 */
async function waitForState(
  stack: LocalStack,
  expected: number,
  stuckIds: readonly string[],
  healthyId: string,
  deadline: number,
): Promise<number> {
  const get = async (path: string): Promise<Response> =>
    fetch(`${stack.host.apiUrl}${path}`, { headers: { 'x-functions-key': stack.host.functionKey } });
  for (;;) {
    const known = await Promise.all(
      [...stuckIds, healthyId].map(async (id) => (await get(`/links/${linkKeyFromId(id)}`)).status === 200),
    );
    const total = known.every(Boolean)
      ? ((await (await get('/links?top=1')).json()) as { total: number }).total
      : -1;
    if (total >= expected) return total;
    if (Date.now() > deadline) throw new Error(`the fleet was not polled in time (links stored: ${total} of ${expected})`);
    await new Promise((resolve) => setTimeout(resolve, LINK_LIST_REUSE_MS + 1000));
  }
}

/** Until no link is unconfirmed and every stuck link reads NotConnected (the second cycle's shards are stored). */
async function waitForConfirmed(stack: LocalStack, stuckIds: readonly string[], deadline: number): Promise<void> {
  const get = async (path: string): Promise<Response> =>
    fetch(`${stack.host.apiUrl}${path}`, { headers: { 'x-functions-key': stack.host.functionKey } });
  for (;;) {
    const stuck = await Promise.all(stuckIds.map(async (id) => ((await (await get(`/links/${linkKeyFromId(id)}`)).json()) as { status?: string }).status));
    const unknown = ((await (await get('/links?status=Unknown&top=1')).json()) as { total: number }).total;
    if (unknown === 0 && stuck.every((s) => s === 'NotConnected')) return;
    if (Date.now() > deadline) throw new Error(`statuses not confirmed in time (unknown: ${unknown}, stuck: ${stuck.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, LINK_LIST_REUSE_MS + 1000));
  }
}

/** Collects console errors and warnings, page errors and failed requests of a page. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  return problems;
}

/** Milliseconds from navigation to the overview's first problem gateway, and from typing a search to its one-row answer. */
export async function measureDashboard(
  page: Page,
  url: string,
  search: string,
): Promise<{ overviewMs: number; filteredMs: number }> {
  const begin = Date.now();
  await page.goto(url, { timeout: 30_000 });
  await page.locator('#problems details').first().waitFor({ timeout: 30_000 });
  const overviewMs = Date.now() - begin;
  await page.locator('#links tbody tr').first().waitFor({ timeout: 30_000 });
  const typed = Date.now();
  await page.locator('#filter').fill(search);
  await page.waitForFunction(
    (text) => {
      const rows = document.querySelectorAll('#links tbody tr');
      return rows.length === 1 && (rows[0]?.textContent ?? '').includes(text);
    },
    search,
    { timeout: 30_000 },
  );
  return { overviewMs, filteredMs: Date.now() - typed };
}
