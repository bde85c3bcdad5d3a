import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import { createPipelineRequest, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { parseArmId } from '../../core/ids/armId';
import { TunnelwatchError } from '../../core/errors';
import { asObject, asString, listItems } from '../../core/snapshot/rawValues';
import { toArmError } from './armErrors';
import type { ArmSend } from './armLongRunning';
import { ARM_OPERATIONS, type ArmOperationId } from './armOperations';
import { ArmPacer, type PacerOptions } from './armPacer';
import { parseArmBody } from './parseArmBody';
import { trustCaPolicy } from '../http/trustCaPolicy';

export interface ArmTransportOptions extends PacerOptions {
  readonly endpoint: string;
  readonly credential: TokenCredential;
  /** PEM to trust for `endpoint` (the simulator); only that certificate, only for this client. */
  readonly caPem?: string;
  readonly maxRetries?: number;
}

/** The api-version of the Microsoft.Network operations (reference/arm/OPERATIONS.md). */
export const NETWORK_API = '2026-01-01';

/** The SDK client type, for the fleet reader and link actions (which must not import the SDK themselves). */
export type NetworkSdk = NetworkManagementClient;
export type OnResponse = { onResponse: (raw: { status: number; bodyAsText?: string | null }) => void };

/** How the fleet reader and the link actions reach ARM: one SDK client per subscription, all behind one pacer. */
export interface ArmTransport {
  readonly endpoint: string;
  readonly pacer: ArmPacer;
  readonly sdk: (subscriptionId: string) => NetworkSdk;
  /** Sends one request of a long-running action or its status read: no pipeline retries, only to ARM's own host. */
  readonly send: ArmSend;
  /** Runs one registered operation and returns the lossless bodies of every response page. */
  readonly call: (operation: ArmOperationId, what: string, run: (opts: OnResponse) => Promise<unknown>) => Promise<unknown[]>;
  /** GET a list following nextLink through the client's pipeline, without the SDK's model deserialization. */
  readonly rawList: (operation: ArmOperationId, subscriptionId: string, path: string, apiVersion: string) => Promise<unknown[]>;
  /** Subscription, resource group and resource names of an ARM id; LINK.NOT_FOUND when it is not one. */
  readonly names: (id: string) => { sub: string; rg: string; names: string[] };
}

/**
 * The only importer of @azure/arm-network. Every call goes through `call(operationId, …)` or `rawList`, so
 * ARM_OPERATIONS (the custom role) lists everything the adapters can do, and requests are counted per operation.
 * Bodies are projected from the raw text (lossless int64, bare-array lists accepted), never from the SDK's models.
 */
export function createArmTransport(options: ArmTransportOptions): ArmTransport {
  const pacer = new ArmPacer(options);
  const origin = new URL(options.endpoint).origin.toLowerCase();
  const clients = new Map<string, NetworkSdk>();
  const trust = options.caPem ? trustCaPolicy(options.caPem) : undefined;
  const build = (subscriptionId: string, maxRetries: number): NetworkSdk =>
    new NetworkManagementClient(options.credential, subscriptionId, {
      endpoint: options.endpoint,
      $host: options.endpoint,
      credentialScopes: [`${new URL(options.endpoint).origin}/.default`],
      retryOptions: { maxRetries, maxRetryDelayInMs: 30_000 },
      additionalPolicies: [
        // Per call, before the retry and pacing policies: a refused URL is never sent, retried or paced.
        { policy: armOriginOnlyPolicy(origin), position: 'perCall' },
        { policy: pacer.policy(subscriptionId), position: 'perRetry' },
        ...(trust ? [{ policy: trust, position: 'perCall' as const }] : []),
      ],
    });
  const cached = (key: string, make: () => NetworkSdk): NetworkSdk => {
    let client = clients.get(key);
    if (!client) {
      client = make();
      clients.set(key, client);
    }
    return client;
  };
  const sdk = (subscriptionId: string): NetworkSdk =>
    cached(subscriptionId, () => build(subscriptionId, options.maxRetries ?? 3));
  /** Long-running actions and their status reads: no pipeline retries, so a POST is sent exactly once. */
  const actionSdk = (subscriptionId: string): NetworkSdk =>
    cached(`actions:${subscriptionId}`, () => build(subscriptionId, 0));
  const send: ArmSend = async (operation, request) => {
    // Status URLs come from ARM's headers: follow them only on ARM's own host, never with our token elsewhere.
    if (!onOrigin(request.url, origin))
      throw new TunnelwatchError('ARM.BAD_RESPONSE', `${operation}: operation URL is not on ${origin}`);
    const url = new URL(request.url);
    const subscriptionId = parseArmId(url.pathname)?.subscriptionId ?? '';
    const response = await pacer.run(operation, () =>
      actionSdk(subscriptionId).sendRequest(
        createPipelineRequest({ url: request.url, method: request.method }),
      ),
    );
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      bodyAsText: response.bodyAsText ?? undefined,
    };
  };

  const call = async (operation: ArmOperationId, what: string, run: (opts: OnResponse) => Promise<unknown>): Promise<unknown[]> => {
    if (!(operation in ARM_OPERATIONS)) throw new TunnelwatchError('INTERNAL', `ARM operation ${operation} is not registered`);
    const bodies: unknown[] = [];
    const opts: OnResponse = { onResponse: (raw) => void (raw.status < 300 && bodies.push(parseArmBody(raw.bodyAsText ?? undefined))) };
    try {
      await pacer.run(operation, () => run(opts));
    } catch (thrown) {
      // The SDK may fail to deserialize a body ARM did send (e.g. a bare-array list); the raw body is still good.
      // Our own refusals (a nextLink off ARM's origin) are never that: the pages read so far are not the list.
      const status = (thrown as { statusCode?: number }).statusCode;
      if (thrown instanceof TunnelwatchError || status !== undefined || bodies.length === 0) throw toArmError(thrown, `${operation} ${what}`);
    }
    return bodies;
  };
  const names = (id: string): { sub: string; rg: string; names: string[] } => {
    const p = parseArmId(id);
    if (!p?.resourceGroup) throw new TunnelwatchError('LINK.NOT_FOUND', `'${id}' is not a resource id`);
    return { sub: p.subscriptionId, rg: p.resourceGroup, names: p.resources.map(([, n]) => n) };
  };

  /**
   * GET a list through the client's own pipeline (auth, retries, pacing, CA) following nextLink, without the SDK's
   * model deserialization: the raw text is all we project from, and skipping the models halves CPU and garbage.
   */
  const rawList = async (operation: ArmOperationId, subscriptionId: string, path: string, apiVersion: string): Promise<unknown[]> => {
    const client = sdk(subscriptionId);
    let url: string | undefined = `${options.endpoint}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
    const items: unknown[] = [];
    for (let page = 0; url && page < 1000; page++) {
      const pageUrl: string = url;
      // A nextLink comes from the body: refused off ARM's origin (the pipeline's origin policy also stops it).
      if (!onOrigin(pageUrl, origin)) throw foreignUrlError(operation, pageUrl, origin);
      let response: Awaited<ReturnType<typeof client.sendRequest>>;
      try {
        response = await pacer.run(operation, () => client.sendRequest(createPipelineRequest({ url: pageUrl, method: 'GET' })));
      } catch (thrown) {
        // A timed-out or dropped request (AbortError, socket errors) gets its stable code like every other ARM call;
        // the pipeline's JSON parse error quotes the whole body (a sharedKey on older api-versions): codes only.
        throw toArmError(thrown, `${operation} ${path}`);
      }
      const body = parseArmBody(response.bodyAsText ?? undefined);
      if (response.status >= 300) {
        const error = asObject(asObject(body)?.error);
        throw toArmError(Object.assign(new Error(asString(error?.message, 500) ?? `HTTP ${response.status}`), { statusCode: response.status, code: asString(error?.code, 100) }), `${operation} ${path}`);
      }
      if (!isListBody(body)) throw new TunnelwatchError('ARM.BAD_RESPONSE', `${operation} ${path}: ${response.status} page is not a JSON list [response body redacted]`);
      items.push(...listItems(body));
      url = asString(asObject(body)?.nextLink, 8192);
    }
    return items;
  };

  return { endpoint: options.endpoint, pacer, sdk, send, call, rawList, names };
}

/** True when `url` is on ARM's own origin (scheme, host and port), the only place our bearer token may go. */
function onOrigin(url: string, origin: string): boolean {
  return URL.canParse(url) && new URL(url).origin.toLowerCase() === origin;
}

function foreignUrlError(operation: string, url: string, origin: string): TunnelwatchError {
  const where = URL.canParse(url) ? new URL(url).origin : 'an unparseable URL';
  return new TunnelwatchError('ARM.BAD_RESPONSE', `${operation}: refused to follow a URL to ${where}; ARM requests stay on ${origin}`);
}

/**
 * Every request of the SDK clients, including the pages their pagers fetch from a body's nextLink, stays on ARM's
 * origin: the bearer token is attached to whatever URL a request names, so a foreign one is refused unsent.
 */
function armOriginOnlyPolicy(origin: string): PipelinePolicy {
  return {
    name: 'tunnelwatchArmOriginOnly',
    sendRequest: (request, next) => (onOrigin(request.url, origin) ? next(request) : Promise.reject(foreignUrlError('ARM request', request.url, origin))),
  };
}

/** A list page: a bare array (as in the official examples) or an object with a `value` array. */
function isListBody(body: unknown): boolean {
  return Array.isArray(body) || Array.isArray(asObject(body)?.value);
}

