import http from 'node:http';
import https from 'node:https';
import { TunnelwatchError } from '../../core/errors';
import { customerGatewayIps, customerGatewayNames } from '../../core/huawei/projectHuaweiConnection';
import type { HuaweiRef } from '../../core/huawei/huaweiId';
import { huaweiVpnGatewayInfos, type HuaweiVpnGatewayInfo } from '../../core/huawei/huaweiVpnGateways';
import { asObject, asString } from '../../core/snapshot/rawValues';
import { huaweiAnswerError, huaweiTransportError, redactHuaweiKeys, retryAfterMs, type HuaweiOperation } from './huaweiErrors';
import { signHuaweiRequest } from './huaweiSigner';

export interface HuaweiVpnClientOptions {
  /** Base URL of the VPN API for a region (`https://vpn.{region}.myhuaweicloud.com`; the simulator's URL locally). */
  readonly endpoint: (region: string) => string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** PEM of the only CA trusted for this client (TW_HUAWEI_CA_FILE: the local simulator's self-signed certificate). */
  readonly caPem?: string;
  /** One request, answer body included. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** `limit` of list pages (Huawei: 0..200, default 200). */
  readonly pageSize?: number;
  /** Pages read per list before it is declared unreadable (a runaway marker never loops forever). Default 100. */
  readonly maxPages?: number;
  /** Extra attempts of a read answered 429 (the reset POST is never repeated). Default 2. */
  readonly maxThrottleRetries?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A project's customer gateways as tunnelwatch keeps them: id → public IP (pairs tunnels), id → name (views). */
export interface CustomerGateways {
  readonly ips: ReadonlyMap<string, string>;
  readonly names: ReadonlyMap<string, string>;
}

/** One answer from Huawei: its status, headers and JSON body (undefined when empty or not JSON). */
export interface HuaweiAnswer {
  readonly status: number;
  readonly header: (name: string) => string | undefined;
  readonly body: unknown;
}

export interface HuaweiVpnClient {
  /** Every VPN connection of the project (all pages), raw ResponseVpnConnection items; optionally of one VPN gateway. */
  listConnections(ref: HuaweiRef, filter?: { readonly vgwId?: string }): Promise<unknown[]>;
  /** One connection's raw body (`vpn_connection`), or undefined on 404. */
  getConnection(ref: HuaweiRef, connectionId: string): Promise<unknown>;
  /** Customer gateway id → public IP and → name, over all pages. */
  listCustomerGateways(ref: HuaweiRef): Promise<CustomerGateways>;
  /** VPN gateway id → name and EIPs (ListVgws). */
  listVpnGateways(ref: HuaweiRef): Promise<Map<string, HuaweiVpnGatewayInfo>>;
  /** A connection's IPsec SAs (ListConnectionIpsecSa), raw `sa_infos` items, or undefined on 404. */
  listIpsecSas(ref: HuaweiRef, connectionId: string): Promise<unknown[] | undefined>;
  /** Sends the reset POST exactly once and returns whatever Huawei answered; throws only when there was no answer. */
  resetConnection(ref: HuaweiRef, connectionId: string): Promise<HuaweiAnswer>;
  /** Requests sent so far (retries included), per operation. */
  requestCounts(): Readonly<Record<string, number>>;
  /** 429 answers seen so far. */
  throttles(): number;
}

const DEFAULT_THROTTLE_PAUSE_MS = 5_000;
/** Like the ARM client's retry policy: a longer Retry-After is capped, the retries stay bounded. */
const MAX_THROTTLE_PAUSE_MS = 30_000;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * HTTPS client of Huawei Cloud's VPN API v5. Every request is signed (AK/SK) and carries X-Project-Id; reads answered
 * 429 are retried a bounded number of times after Retry-After (or a default pause); nothing else is retried here.
 */
export function createHuaweiVpnClient(options: HuaweiVpnClientOptions): HuaweiVpnClient {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const pageSize = Math.min(200, Math.max(1, options.pageSize ?? 200));
  const maxPages = options.maxPages ?? 100;
  const maxRetries = options.maxThrottleRetries ?? 2;
  const now = options.now ?? ((): number => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const httpsAgent = new https.Agent({ keepAlive: true, ...(options.caPem !== undefined && { ca: options.caPem }) });
  const httpAgent = new http.Agent({ keepAlive: true });
  const counts: Record<string, number> = {};
  let throttled = 0;

  const urlOf = (ref: HuaweiRef, path: string, query: Record<string, string | undefined> = {}): string => {
    const endpoint = options.endpoint(ref.region).replace(/\/+$/, '');
    if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) throw new TunnelwatchError('CONFIG.INVALID', `Huawei endpoint of region '${ref.region}' is not an http(s) URL`);
    const url = new URL(`${endpoint}/v5/${encodeURIComponent(ref.projectId)}/${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
    return url.toString();
  };

  /** One signed exchange; throws TunnelwatchError (HUAWEI.TIMEOUT / UNAVAILABLE / BAD_RESPONSE) when there is no usable answer. */
  const send = (operation: HuaweiOperation, method: 'GET' | 'POST', url: string, ref: HuaweiRef): Promise<HuaweiAnswer> => {
    counts[operation] = (counts[operation] ?? 0) + 1;
    const signed = signHuaweiRequest({
      method,
      url,
      headers: { 'X-Project-Id': ref.projectId, 'content-type': 'application/json' },
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      now: new Date(now()),
    });
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise<HuaweiAnswer>((resolve, reject) => {
      let timedOut = false;
      const request = (secure ? https : http).request(target, { method, headers: signed.headers, agent: secure ? httpsAgent : httpAgent });
      const timer = setTimeout(() => {
        timedOut = true;
        request.destroy(new Error('timeout'));
      }, timeoutMs);
      // Once: the request or the answer's stream may fail (or both), and a failure mid-body must not hang the read.
      const fail = (error: Error): void => {
        clearTimeout(timer);
        reject(huaweiTransportError(operation, error, timedOut));
      };
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('aborted', () => fail(new Error('answer cut short')));
        response.on('end', () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          // An error's text is kept in poll-run and audit rows: it never carries our keys (a wrong AK is echoed in a 401).
          const raw = Buffer.concat(chunks).toString('utf8');
          const text = status >= 300 ? redactHuaweiKeys(raw, [options.accessKey, options.secretKey]) : raw;
          resolve({ status, header: (name) => headerValue(response.headers[name.toLowerCase()]), body: parseJson(text) });
        });
      });
      request.end();
    });
  };

  /** A read: 429 answers are retried after Retry-After (bounded); any other non-200 is thrown as its HUAWEI.* code. */
  const read = async (operation: HuaweiOperation, url: string, ref: HuaweiRef, allowNotFound = false): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      const answer = await send(operation, 'GET', url, ref);
      if (answer.status === 200) {
        if (asObject(answer.body) === undefined) throw new TunnelwatchError('HUAWEI.BAD_RESPONSE', `${operation}: 200 without a JSON object`, true);
        return answer.body;
      }
      if (answer.status === 404 && allowNotFound) return undefined;
      if (answer.status === 429) {
        throttled++;
        if (attempt < maxRetries) {
          await sleep(retryAfterMs(answer.header('retry-after'), now(), MAX_THROTTLE_PAUSE_MS) ?? DEFAULT_THROTTLE_PAUSE_MS);
          continue;
        }
      }
      throw huaweiAnswerError(operation, answer.status, answer.body);
    }
  };

  /**
   * All pages of a marker-paged list: `limit` + `marker` = the previous page's `page_info.next_marker`. A list Huawei
   * documents without paging (ListVgws) is read with no `limit`; a next_marker it might carry is still followed.
   */
  const readAll = async (operation: HuaweiOperation, ref: HuaweiRef, path: string, itemsField: string, query: Record<string, string | undefined> = {}, paged = true): Promise<unknown[]> => {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const limit = paged || marker !== undefined ? String(pageSize) : undefined;
      const body = asObject(await read(operation, urlOf(ref, path, { ...query, limit, marker }), ref));
      const pageItems = body?.[itemsField];
      if (!Array.isArray(pageItems)) throw new TunnelwatchError('HUAWEI.BAD_RESPONSE', `${operation}: answer without ${itemsField}`, true);
      items.push(...(pageItems as unknown[]));
      marker = asString(asObject(body?.page_info)?.next_marker, 256);
      if (marker === undefined || pageItems.length === 0) return items;
      if (seen.has(marker)) throw new TunnelwatchError('HUAWEI.BAD_RESPONSE', `${operation}: page marker repeats`, true);
      seen.add(marker);
    }
    throw new TunnelwatchError('HUAWEI.BAD_RESPONSE', `${operation}: more than ${maxPages} pages of ${pageSize}`, false);
  };

  return {
    listConnections: (ref, filter) => readAll('Huawei_ListVpnConnections', ref, 'vpn-connection', 'vpn_connections', { vgw_id: filter?.vgwId }),
    getConnection: async (ref, connectionId) => {
      const body = await read('Huawei_ShowVpnConnection', urlOf(ref, `vpn-connection/${encodeURIComponent(connectionId)}`), ref, true);
      if (body === undefined) return undefined;
      const connection = asObject(asObject(body)?.vpn_connection);
      if (!connection) throw new TunnelwatchError('HUAWEI.BAD_RESPONSE', 'Huawei_ShowVpnConnection: answer without vpn_connection', true);
      return connection;
    },
    listCustomerGateways: async (ref) => {
      const items = await readAll('Huawei_ListCustomerGateways', ref, 'customer-gateways', 'customer_gateways');
      return { ips: customerGatewayIps(items), names: customerGatewayNames(items) };
    },
    listVpnGateways: async (ref) => huaweiVpnGatewayInfos(await readAll('Huawei_ListVpnGateways', ref, 'vpn-gateways', 'vpn_gateways', {}, false)),
    listIpsecSas: async (ref, connectionId) => {
      const body = await read('Huawei_ListConnectionIpsecSa', urlOf(ref, `vpn-connection/${encodeURIComponent(connectionId)}/ipsec-sa`), ref, true);
      if (body === undefined) return undefined;
      const items = asObject(body)?.sa_infos;
      if (!Array.isArray(items)) throw new TunnelwatchError('HUAWEI.BAD_RESPONSE', 'Huawei_ListConnectionIpsecSa: answer without sa_infos', true);
      return items as unknown[];
    },
    resetConnection: async (ref, connectionId) => {
      const answer = await send('Huawei_ResetVpnConnection', 'POST', urlOf(ref, `vpn-connection/${encodeURIComponent(connectionId)}/reset`), ref);
      if (answer.status === 429) throttled++;
      return answer;
    },
    requestCounts: () => ({ ...counts }),
    throttles: () => throttled,
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
