import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A running Azurite (the Azure Storage emulator) and how to reach it. Dev/test only. */
export interface AzuriteInstance {
  readonly connectionString: string;
  readonly blobPort: number;
  readonly queuePort: number;
  readonly tablePort: number;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** Keep data in this folder instead of memory. */
  readonly location?: string;
  readonly host?: string;
  /** Fixed ports (a restart on the same ports keeps clients' connection strings valid); free ports when absent. */
  readonly ports?: { readonly blob: number; readonly queue: number; readonly table: number };
}

// The well-known development account of the storage emulator (public, documented by Microsoft).
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * Starts Azurite on free loopback ports (port 0, read back from its output), with telemetry off.
 * The child is killed when this process exits, so a crashed test run leaves nothing behind.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteInstance> {
  const host = options.host ?? '127.0.0.1';
  const entry = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist/src/azurite.js');
  const args = [entry, '--disableTelemetry', '--skipApiVersionCheck', '--loose'];
  for (const service of ['blob', 'queue', 'table'] as const) args.push(`--${service}Host`, host, `--${service}Port`, String(options.ports?.[service] ?? 0));
  args.push(...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']));

  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const killChild = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killChild);
  const ports = await readPorts(child);
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
    `BlobEndpoint=http://${host}:${ports.blob}/${ACCOUNT};` +
    `QueueEndpoint=http://${host}:${ports.queue}/${ACCOUNT};` +
    `TableEndpoint=http://${host}:${ports.table}/${ACCOUNT};`;
  return {
    connectionString,
    blobPort: ports.blob,
    queuePort: ports.queue,
    tablePort: ports.table,
    stop: async () => {
      process.removeListener('exit', killChild);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(killChild, 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readPorts(child: ChildProcess): Promise<{ blob: number; queue: number; table: number }> {
  return new Promise((resolve, reject) => {
    const found: Record<string, number> = {};
    let output = '';
    const timeout = setTimeout(() => fail(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const fail = (error: Error): void => {
      clearTimeout(timeout);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      for (const match of output.matchAll(/Azurite (Blob|Queue|Table) service is successfully listening at \S+:(\d+)/g)) {
        found[match[1]!.toLowerCase()] = Number(match[2]);
      }
      if (found.blob && found.queue && found.table) {
        clearTimeout(timeout);
        child.stdout?.removeListener('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ blob: found.blob, queue: found.queue, table: found.table });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`Azurite exited with code ${code}:\n${output}`)));
  });
}
