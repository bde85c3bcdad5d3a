import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificate, type SimulatorCertificate } from '../../../src/simulator/createCertificate';

/**
 * A tiny HTTPS server on 127.0.0.1 answering what a test scripts, recording every request with its Authorization
 * header. Two servers started with the same certificate are two origins the same client trusts: a token sent to the
 * wrong one shows up in its `requests`.
 */
export interface ArmSeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
}

export interface ArmScriptedAnswer {
  readonly status: number;
  /** Sent as is (a string) or as JSON. */
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface ArmTestServer {
  readonly url: string;
  readonly certificate: SimulatorCertificate;
  readonly requests: ArmSeenRequest[];
  answer(handler: (request: ArmSeenRequest) => ArmScriptedAnswer): void;
  close(): Promise<void>;
}

export async function startArmTestServer(certificate?: SimulatorCertificate): Promise<ArmTestServer> {
  const cert = certificate ?? (await createCertificate());
  const requests: ArmSeenRequest[] = [];
  let handler = (_request: ArmSeenRequest): ArmScriptedAnswer => ({ status: 404, body: { error: { code: 'ResourceNotFound', message: 'not scripted' } } });
  const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const seen: ArmSeenRequest = { method: req.method ?? '', url: req.url ?? '/', ...(req.headers.authorization !== undefined && { authorization: req.headers.authorization }) };
      requests.push(seen);
      const answer = handler(seen);
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    certificate: cert,
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
