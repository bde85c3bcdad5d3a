import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main';

const KEY = 'the-function-key';

/** Runs the CLI with fetch replaced: every request is recorded and answered with an empty link list. */
async function run(url: string, ...argv: string[]) {
  const sent: Array<{ url: string; key: string | null }> = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    sent.push({ url: input instanceof Request ? input.url : input.toString(), key: new Headers(init?.headers).get('x-functions-key') });
    return Promise.resolve(new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } }));
  });
  const io = { out: '', err: '' };
  const code = await main(['status', '--json', ...argv], { TUNNELWATCH_URL: url, TUNNELWATCH_KEY: KEY }, {
    out: (t) => void (io.out += t),
    err: (t) => void (io.err += t),
    progress: () => undefined,
  });
  return { code, sent, ...io };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the CLI and plain http', () => {
  it.each(['http://tunnelwatch.example.com', 'http://10.1.2.3:7071', 'http://[fd00::1]:7071', 'http://0.0.0.0:7071'])(
    'when the API is %s, then it refuses with exit 2 and sends nothing',
    async (url) => {
      const { code, sent, err } = await run(url);
      expect(code).toBe(2);
      expect(sent).toEqual([]);
      expect(err).toMatch(/refusing to send the function key over plain http .*--insecure/);
      expect(err).not.toContain(KEY);
    },
  );

  it('when --insecure is given, then the key goes to a plain http host as asked', async () => {
    const { code, sent } = await run('http://tunnelwatch.example.com', '--insecure');
    expect(code).toBe(0);
    expect(sent).toEqual([{ url: 'http://tunnelwatch.example.com/api/links?top=1000', key: KEY }]);
  });

  it.each(['http://127.0.0.1:7071', 'http://localhost:7071', 'http://[::1]:7071', 'https://tunnelwatch.example.com'])(
    'when the API is %s, then the request is sent without --insecure',
    async (url) => {
      const { code, sent } = await run(url);
      expect(code).toBe(0);
      expect(sent).toHaveLength(1);
    },
  );
});
