import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestHost, waitFor, type TestHost } from './hostTestKit';

describe('local host HTTP triggers', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({
      entryFiles: [fixture('httpApp.ts')],
      functionKey: 'test-function-key',
      masterKey: 'test-master-key',
      settings: { AUDIT_QUEUE: 'unused-by-these-tests' },
      storageConnectionString: 'UseDevelopmentStorage=true',
      maxRequestBodyBytes: 1024,
    });
  });
  afterAll(() => host.stop());

  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${host.apiUrl}${path}`, init);

  it('when the app is loaded, then its own registrations are the host functions', () => {
    expect(host.functions.map((f) => f.name).sort()).toEqual([
      'adminOnly',
      'audit',
      'boom',
      'echo',
      'getLink',
      'health',
      'items',
      'linkHistory',
      'noResponse',
    ]);
  });

  it.each([
    ['no key', {}, ''],
    ['a wrong key', { 'x-functions-key': 'nope' }, ''],
  ])(
    'when a function-level route is called with %s, then 401 with a JSON error',
    async (_label, headers, query) => {
      const response = await get(`/links/abc${query}`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: 'REQUEST.UNAUTHORIZED', message: expect.any(String) },
      });
    },
  );

  it.each([
    ['the x-functions-key header', '/links/abc?top=5', { 'x-functions-key': 'test-function-key' }],
    ['the code query parameter', '/links/abc?top=5&code=test-function-key', {}],
    ['the master key', '/links/abc?top=5', { 'x-functions-key': 'test-master-key' }],
  ])(
    'when the key comes in %s, then the function gets route params and query',
    async (_label, path, headers) => {
      const response = await get(path, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ function: 'getLink', key: 'abc', top: '5' });
    },
  );

  it('when a client aborts a request mid-body, then the host log names the route but never the ?code= key', async () => {
    const { hostname, port } = new URL(host.apiUrl);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST ${new URL(host.apiUrl).pathname}/echo?top=1&code=test-function-key HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"partial":`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    const line = await waitFor(
      () => host.lines.find((l) => l.includes('/echo?top=1')),
      5000,
      'the aborted request in the log',
    );
    expect(line).toContain('code=[redacted]');
    expect(host.lines.join('\n')).not.toContain('code=test-function-key');
  });

  it('when the key comes as ?%63ode= and the client aborts mid-body, then the host log never carries the key', async () => {
    const { hostname, port } = new URL(host.apiUrl);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST ${new URL(host.apiUrl).pathname}/echo?top=2&%63ode=test-function-key HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"partial":`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    const line = await waitFor(() => host.lines.find((l) => l.includes('/echo?top=2')), 5000, 'the aborted request in the log');
    expect(line).toContain('%63ode=[redacted]');
    expect(host.lines.join('\n')).not.toContain('=test-function-key');
  });

  it('when a longer route shares a prefix, then the most specific route serves it', async () => {
    const response = await get('/links/a%2Fb/history', {
      headers: { 'x-functions-key': 'test-function-key' },
    });
    expect(await response.json()).toEqual({ function: 'linkHistory', key: 'a/b' });
  });

  it('when an admin route gets a function key, then 401; with the master key, then 200', async () => {
    expect((await get('/admin-only?code=test-function-key')).status).toBe(401);
    const ok = await get('/admin-only?code=test-master-key');
    expect([ok.status, await ok.text()]).toEqual([200, 'admin']);
  });

  it('when an anonymous function has no route, then it is served under its name without a key', async () => {
    const response = await get('/health');
    expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it.each([
    ['/items', null, 200],
    ['/items/42', '42', 200],
  ])('when %s is called on an optional int parameter, then id is %s', async (path, id, status) => {
    const response = await get(path);
    expect([response.status, await response.json()]).toEqual([status, { id }]);
  });

  it.each([
    ['an unknown route', '/nowhere', 'GET', 404, 'REQUEST.NOT_FOUND'],
    ['a value the constraint refuses', '/items/abc', 'GET', 404, 'REQUEST.NOT_FOUND'],
    ['a path outside the route prefix', '/../health', 'GET', 404, 'REQUEST.NOT_FOUND'],
    ['a method the function does not take', '/health', 'DELETE', 405, 'REQUEST.METHOD_NOT_ALLOWED'],
  ])('when a request hits %s, then %i with a JSON error', async (_label, path, method, status, code) => {
    const response = await fetch(`${host.url}${path.startsWith('/..') ? path.slice(3) : `/api${path}`}`, {
      method,
    });
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
  });

  it('when a method is not allowed, then the Allow header lists the methods that are', async () => {
    const response = await get('/echo');
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST, PUT']);
  });

  it.each([
    ['JSON', 'application/json', Buffer.from('{"a":[1,2]}')],
    ['text', 'text/plain; charset=utf-8', Buffer.from('héllo')],
    ['binary', 'application/octet-stream', Buffer.from([0, 255, 1, 254, 10, 13])],
  ])(
    'when a %s body is posted, then the function reads it byte for byte and its response maps back',
    async (_label, type, body) => {
      const response = await get('/echo', { method: 'POST', headers: { 'content-type': type }, body });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('x-echo-method')).toBe('POST');
      expect(response.headers.get('set-cookie')).toBe('session=abc; Path=/; HttpOnly; SameSite=Strict');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
    },
  );

  it('when a function returns nothing, then 204', async () => {
    expect((await get('/nothing', { method: 'POST' })).status).toBe(204);
  });

  it('when the body is over the limit, then 413 and the function does not run', async () => {
    const response = await get('/echo', { method: 'POST', body: Buffer.alloc(2048, 1) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('REQUEST.TOO_LARGE');
  });

  it('when a function throws, then 500 with a JSON error that leaks nothing, the failure is logged, and the host keeps serving', async () => {
    const response = await get('/boom');
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text).error.code).toBe('INTERNAL');
    expect(text).not.toContain('secret internals');
    const invocationId = /invocation ([0-9a-f-]{36})/.exec(text)![1]!;
    expect(
      host.lines.some(
        (line) => line.includes(`Functions.boom (Id=${invocationId})`) && line.includes('secret internals'),
      ),
    ).toBe(true);
    expect((await get('/health')).status).toBe(200);
  });

  it('when a function logs through its context, then the line carries its name and invocation id', async () => {
    await get('/links/logme', { headers: { 'x-functions-key': 'test-function-key' } });
    expect(
      host.lines.some((line) => /Functions\.getLink \(Id=[0-9a-f-]{36}\) reading link logme$/.test(line)),
    ).toBe(true);
  });
});

describe('local host route prefix', () => {
  it('when host.json sets a route prefix, then functions are served under it and not under /api', async () => {
    const host = await startTestHost({
      entryFiles: [fixture('httpApp.ts')],
      hostJsonPath: fixture('host.plain.json'),
      settings: { AUDIT_QUEUE: 'x' },
      storageConnectionString: 'UseDevelopmentStorage=true',
    });
    try {
      expect(host.apiUrl).toBe(`${host.url}/v1/tw`);
      expect((await fetch(`${host.url}/v1/tw/health`)).status).toBe(200);
      expect((await fetch(`${host.url}/api/health`)).status).toBe(404);
    } finally {
      await host.stop();
    }
  });
});
