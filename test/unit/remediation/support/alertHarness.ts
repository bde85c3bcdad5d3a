/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { InMemoryAlertDedup } from '../../../support/fakes/inMemoryAlertDedup';
import { InMemoryAuditStore } from '../../../support/fakes/inMemoryAuditStore';
import { InMemoryRequestGate } from '../../../support/fakes/inMemoryRequestGate';
import type { AlertHttpDeps } from '../../../../src/app/remediation/acceptAlert';
import type { TokenValidator } from '../../../../src/app/remediation/remediationPorts';
import { alertsHandler } from '../../../../src/functions/alerts';
import type { LinkState } from '../../../../src/core/linkState/linkState';
import { NOW, SUB } from '../../../support/builders';
import { FakeLinkStates, FakeQueue } from './remediationHarness';

export const ALERT_SAMPLES = path.resolve(__dirname, '../../../../../shared/reference/alerts');

export function readSamples(): Array<[string, Record<string, unknown>]> {
  return readdirSync(ALERT_SAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [
      f,
      JSON.parse(readFileSync(path.join(ALERT_SAMPLES, f), 'utf8')) as Record<string, unknown>,
    ]);
}

export interface AlertHarness {
  readonly deps: AlertHttpDeps;
  readonly queue: FakeQueue;
  readonly audit: InMemoryAuditStore;
  readonly linkStates: FakeLinkStates;
  readonly gate: InMemoryRequestGate;
  post(
    body: string | object,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, any>; headers?: Record<string, string> }>;
}

export function buildAlertHarness(
  states: readonly LinkState[],
  options: { tokenValidator?: TokenValidator; maxBodyBytes?: number; maxQueuedLinks?: number; gate?: InMemoryRequestGate } = {},
): AlertHarness {
  let ids = 0;
  const queue = new FakeQueue();
  const audit = new InMemoryAuditStore();
  const linkStates = new FakeLinkStates(states);
  const gate = options.gate ?? new InMemoryRequestGate();
  const deps: AlertHttpDeps = {
    linkStates,
    queue,
    requestGate: gate,
    downStatuses: ['NotConnected'],
    ...(options.maxQueuedLinks !== undefined && { maxQueuedLinks: options.maxQueuedLinks }),
    dedup: new InMemoryAlertDedup(),
    audit,
    scopes: [SUB],
    newId: () => `alert-${++ids}`,
    clock: { now: () => NOW },
    maxBodyBytes: options.maxBodyBytes ?? 262_144,
    ...(options.tokenValidator && { tokenValidator: options.tokenValidator }),
  };
  const handler = alertsHandler(() => Promise.resolve(deps));
  return {
    deps,
    queue,
    audit,
    linkStates,
    gate,
    post: async (body, headers = {}) => {
      const request = new HttpRequest({
        method: 'POST',
        url: 'http://127.0.0.1/api/alerts',
        body: { string: typeof body === 'string' ? body : JSON.stringify(body) },
        headers: { 'content-type': 'application/json', ...headers },
      });
      const response = await handler(request, new InvocationContext({ functionName: 'alerts' }));
      return {
        status: response.status ?? 200,
        body: response.jsonBody as Record<string, any>,
        headers: response.headers as Record<string, string>,
      };
    },
  };
}
