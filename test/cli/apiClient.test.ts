import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/cli/apiClient';

const servers: Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve)))));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the CLI API client', () => {
  it('when the API answers with a redirect, then it refuses to follow it and the key never reaches the other host', async () => {
    const keysSeen: Array<string | undefined> = [];
    const elsewhere = await listen((req, res) => {
      keysSeen.push(req.headers['x-functions-key'] as string | undefined);
      res.end('{}');
    });
    const api = await listen((_req, res) => {
      res.writeHead(307, { location: `${elsewhere}/api/links` });
      res.end();
    });
    await expect(createApiClient(api, 'the-function-key', 5000).get('/links')).rejects.toMatchObject({
      code: 'REDIRECT_REFUSED',
      status: 307,
    });
    expect(keysSeen).toEqual([]);
  });
});
