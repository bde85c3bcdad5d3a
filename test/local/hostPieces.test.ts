import { describe, expect, it } from 'vitest';
import { resolveConnectionString, resolveSettingReferences } from '../../src/local/host/appSettings';
import { isAuthorized } from '../../src/local/host/functionKeys';
import { compileRoute } from '../../src/local/host/httpRoute';
import { withoutKey } from '../../src/local/host/httpServer';
import { logUnhandledRejections } from '../../src/local/host/logUnhandledRejections';
import { decodeQueueMessage, encodeQueueMessage, queueMessagesFromOutput } from '../../src/local/host/queueMessageCodec';
import { parseTimeSpanMs, readHostJson } from '../../src/local/host/readHostJson';
import { createHostLogger, type HostLogger } from '../../src/local/host/hostLog';
import { fixture } from './hostTestKit';

describe('queue message encoding', () => {
  it.each([
    ['base64 JSON', base64('{"a":1}'), 'base64', '{"a":1}'],
    ['base64 UTF-8 text', base64('héllo'), 'base64', 'héllo'],
    ['text that is not base64', 'hello world!', 'base64', undefined],
    ['raw text with encoding none', 'hello world!', 'none', 'hello world!'],
  ] as const)('when the host decodes %s, then it gets %j', (_label, text, encoding, expected) => {
    expect(decodeQueueMessage(text, encoding)).toBe(expected);
  });

  it.each([
    ['a string', { string: 'x' }, ['x']],
    ['an object', { json: '{"a":1}' }, ['{"a":1}']],
    ['an array', { json: '[{"a":1},"b",2,null]' }, ['{"a":1}', 'b', '2']],
    ['an integer', { int: 7 }, ['7']],
    ['nothing', undefined, []],
  ])('when an output holds %s, then these messages are sent', (_label, data, expected) => {
    expect(queueMessagesFromOutput(data)).toEqual(expected);
  });

  it('when a message is encoded as base64, then the host decodes it back', () => {
    expect(decodeQueueMessage(encodeQueueMessage('ünï', 'base64'), 'base64')).toBe('ünï');
  });
});

describe('route templates', () => {
  it.each([
    ['links/{key}', 'links/abc', { key: 'abc' }],
    ['links/{key}', 'LINKS/abc', { key: 'abc' }],
    ['links/{key}', 'links/abc/history', undefined],
    ['links/{key}/history', 'links/abc/history', { key: 'abc' }],
    ['items/{id?}', 'items', {}],
    ['items/{id:int}', 'items/x', undefined],
    ['files/{*path}', 'files/a/b/c', { path: 'a/b/c' }],
  ])('when %s meets %s, then the params are %j', (template, path, expected) => {
    expect(compileRoute(template).match(path.split('/'))).toEqual(expected);
  });

  it('when a segment mixes text and a parameter, then the route is refused as unsupported', () => {
    expect(() => compileRoute('files/{name}.{ext}')).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });
});

describe('function keys', () => {
  const keys = { functionKey: 'f-key', masterKey: 'm-key' };
  it.each([
    ['anonymous', undefined, true],
    ['function', undefined, false],
    ['function', 'f-key', true],
    ['function', 'm-key', true],
    ['function', 'f-ke', false],
    ['admin', 'f-key', false],
    ['admin', 'm-key', true],
  ] as const)('when the level is %s and the key is %j, then authorized is %s', (level, key, expected) => {
    expect(isAuthorized(level, key, keys)).toBe(expected);
  });
});

describe('request targets in the host log', () => {
  it.each([
    ['a plain code parameter', '/api/echo?top=1&code=k3y', '/api/echo?top=1&code=[redacted]'],
    ['a percent-encoded name', '/api/echo?%63ode=k3y&top=1', '/api/echo?%63ode=[redacted]&top=1'],
    ['an upper-case encoded name', '/api/echo?top=1&%43%4F%44%45=k3y', '/api/echo?top=1&%43%4F%44%45=[redacted]'],
    ['a plus-encoded value', '/api/echo?code=k3y+x&code=k3y2', '/api/echo?code=[redacted]&code=[redacted]'],
    ['no query', '/api/echo', '/api/echo'],
    ['other parameters only', '/api/links?top=5&status=NotConnected', '/api/links?top=5&status=NotConnected'],
  ])('when the target has %s, then the key is redacted and the rest kept', (_label, target, logged) => {
    expect(withoutKey(target)).toBe(logged);
  });
});

describe('host.json and settings', () => {
  it('when host.json is absent, then the Storage extension defaults apply', () => {
    expect(readHostJson(undefined)).toEqual({
      queues: { batchSize: 16, newBatchThreshold: 8, maxDequeueCount: 5, visibilityTimeoutMs: 0, maxPollingIntervalMs: 60_000, messageEncoding: 'base64' },
      routePrefix: 'api',
      functionTimeoutMs: undefined,
    });
  });

  it('when host.json sets the queue options, then they are read', () => {
    expect(readHostJson(fixture('host.fast.json')).queues).toMatchObject({ batchSize: 4, maxDequeueCount: 3, maxPollingIntervalMs: 200 });
  });

  it.each([
    ['00:00:30', 30_000],
    ['1.02:00:00', 26 * 3_600_000],
    ['00:00:00.250', 250],
    ['30s', undefined],
  ])('when a TimeSpan is %j, then it is %j ms', (text, expected) => {
    expect(parseTimeSpanMs(text)).toBe(expected);
  });

  it('when a value names settings with %NAME%, then they are resolved, and an unknown one is a configuration error', () => {
    expect(resolveSettingReferences('%A%-%B%', { A: 'x', B: 'y' }, 'here')).toBe('x-y');
    expect(() => resolveSettingReferences('%TUNNELWATCH_NOT_SET%', {}, 'here')).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });

  it('when a connection names a setting, then it, or AzureWebJobs<name>, or AzureWebJobsStorage by default, is used', () => {
    expect(resolveConnectionString('Mine', { Mine: 'a' }, 'here')).toBe('a');
    expect(resolveConnectionString('Mine', { AzureWebJobsMine: 'b' }, 'here')).toBe('b');
    expect(resolveConnectionString(undefined, { AzureWebJobsStorage: 'c' }, 'here')).toBe('c');
  });
});

describe('host logging', () => {
  it('when a promise rejection goes unhandled while the host runs, then it is logged', () => {
    const lines: string[] = [];
    const log: HostLogger = createHostLogger((line) => lines.push(line), () => new Date('2030-01-01T00:00:00Z'));
    const stop = logUnhandledRejections(log);
    const listener = process.listeners('unhandledRejection').at(-1)!;
    stop();
    listener(new Error('forgotten'), Promise.resolve());
    expect(lines).toEqual([expect.stringMatching(/^\[2030-01-01T00:00:00.000Z\] error\s+Unhandled promise rejection: Error: forgotten/)]);
    expect(process.listeners('unhandledRejection')).not.toContain(listener);
  });
});

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
