import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificate } from '../../../src/simulator/createCertificate';
import { documentedSignature } from './huaweiDocumentedSignature';

/**
 * A tiny HTTPS server on 127.0.0.1 that answers like Huawei's API gateway as far as the adapter tests need: it checks
 * every request's AK/SK signature with its own reading of Huawei's documented algorithm (401 APIGW.0301 otherwise)
 * and then answers with what the test scripts.
 */
export const TEST_AK = 'TESTAK0123456789';
export const TEST_SK = 'test-secret-key-never-logged';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Never answer (timeout), close the socket without an answer, or close it in the middle of the body. */
  readonly fault?: 'hang' | 'drop' | 'cut';
}

export interface HuaweiTestServer {
  readonly url: string;
  readonly caPem: string;
  readonly requests: SeenRequest[];
  answer(handler: (request: SeenRequest) => ScriptedAnswer): void;
  close(): Promise<void>;
}

export async function startHuaweiTestServer(): Promise<HuaweiTestServer> {
  const { certPem, keyPem } = await createCertificate();
  const requests: SeenRequest[] = [];
  let handler: (request: SeenRequest) => ScriptedAnswer = () => ({ status: 404, body: { error_code: 'VPN.0404', error_msg: 'not scripted' } });
  const server = https.createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const seen: SeenRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers };
      requests.push(seen);
      const send = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const problem = signatureProblem(req.method ?? '', url, req.headers, Buffer.concat(chunks).toString('utf8'));
      if (problem) return send(401, { error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: ${problem}`, request_id: 'a'.repeat(32) });
      const answer = handler(seen);
      if (answer.fault === 'drop') return req.socket.destroy();
      if (answer.fault === 'hang') return;
      if (answer.fault === 'cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"vpn_connections": [');
        setTimeout(() => req.socket.destroy(), 20);
        return;
      }
      send(answer.status, answer.body, answer.headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: certPem,
    requests,
    answer: (h) => {
      handler = h;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const AUTHORIZATION = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Huawei's verification as documented: the Authorization header's shape, then the signature over the signed headers. */
function signatureProblem(method: string, url: URL, headers: Readonly<Record<string, string | string[] | undefined>>, body: string): string | undefined {
  const match = AUTHORIZATION.exec(String(headers.authorization ?? ''));
  if (!match) return 'missing or malformed Authorization';
  const [, access, signedHeaders, signature] = match as unknown as [string, string, string, string];
  if (access !== TEST_AK) return 'unknown access key';
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-sdk-date')) return 'host and x-sdk-date must be signed';
  if (!/^\d{8}T\d{6}Z$/.test(String(headers['x-sdk-date'] ?? ''))) return 'bad X-Sdk-Date';
  const signed = Object.fromEntries(names.map((n) => [n, String(headers[n] ?? '')]));
  const expected = documentedSignature({ method, url, headers: signed, body }, TEST_SK);
  return expected.signedHeaders === signedHeaders && expected.signature === signature ? undefined : 'signature mismatch';
}
