#!/usr/bin/env node
import { ApiError, createApiClient } from './apiClient';
import { runCommand, USAGE, type CliIo } from './commands';
import { parseArgs, UsageError } from './parseArgs';

/** Exit codes: 0 ok, 1 the API refused or failed, 2 bad usage, 3 the API could not be reached, 4 doctor found a missing permission. */
export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo & { err(text: string): void }): Promise<number> {
  const args = parseArgs(argv);
  if (args.options.has('help') || args.positionals.length === 0) {
    io.out(USAGE + '\n');
    return args.options.has('help') ? 0 : 2;
  }
  const url = (args.options.get('url') as string | undefined) ?? env.TUNNELWATCH_URL;
  const key = (args.options.get('key') as string | undefined) ?? env.TUNNELWATCH_KEY;
  if (typeof url !== 'string' || typeof key !== 'string' || !/^https?:\/\//.test(url)) {
    io.err('tunnelwatch: set the API with --url/--key or TUNNELWATCH_URL/TUNNELWATCH_KEY\n');
    return 2;
  }
  if (!args.options.has('insecure') && sendsKeyInClear(url)) {
    io.err(`tunnelwatch: refusing to send the function key over plain http to ${new URL(url).host}; use https, or --insecure if you accept that\n`);
    return 2;
  }
  try {
    const code = await runCommand(createApiClient(url, key), args, io);
    return typeof code === 'number' ? code : 0;
  } catch (thrown) {
    if (thrown instanceof UsageError) return io.err(`${thrown.message}\n`), 2;
    if (thrown instanceof ApiError) return io.err(`tunnelwatch: ${thrown.status} ${thrown.code}: ${thrown.message}\n`), 1;
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    io.err(`tunnelwatch: cannot reach ${url}: ${error.message}\n`);
    return 3;
  }
}

/** Plain http to anything but this machine: the function key would cross the network readable by anyone on the path. */
function sendsKeyInClear(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:') return false;
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return !(host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host));
}

if (require.main === module) {
  const tty = process.stderr.isTTY;
  void main(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: (text) => {
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
    },
  }).then((code) => {
    if (tty) process.stderr.write('\r\x1b[2K');
    process.exitCode = code;
  });
}
