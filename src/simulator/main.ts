import { writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SIM_HUAWEI_ACCESS_KEY, SIM_HUAWEI_SECRET_KEY } from './huawei/huaweiCredentials';
import { parseHuaweiSpec } from './huawei/parseHuaweiSpec';
import { DEFAULT_HUAWEI_RESET_PENDING_MS } from './huawei/huaweiResetPending';
import { startSimulator } from './startSimulator';

/**
 * `npm run simulator -- --fleet 2x10x5x2 --port 0`: the simulator on its own. The first line printed is its URL
 * (scripts read it); then the certificate file clients must trust, and a hint.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fleet: { type: 'string', default: '1x4x2x2' },
      seed: { type: 'string', default: '1' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'page-size': { type: 'string', default: '50' },
      'lro-ms': { type: 'string', default: '2000' },
      'retry-after': { type: 'string', default: '10' },
      'recovery-ms': { type: 'string', default: '3000' },
      'cert-file': { type: 'string' },
      'status-in-lists': { type: 'boolean', default: false },
      'idle-share': { type: 'string', default: '0' },
      huawei: { type: 'string', default: '' },
      'huawei-pair': { type: 'string', default: '' },
      'huawei-ak': { type: 'string', default: SIM_HUAWEI_ACCESS_KEY },
      'huawei-sk': { type: 'string', default: SIM_HUAWEI_SECRET_KEY },
      'huawei-reset-pending-ms': { type: 'string', default: String(DEFAULT_HUAWEI_RESET_PENDING_MS) },
    },
  });
  const pairs = (values['huawei-pair'] ?? '').split(',').filter((id) => id.length > 0);
  const sim = await startSimulator({
    fleet: values.fleet === 'examples' ? 'examples' : { spec: values.fleet, seed: integer(values.seed, 'seed') },
    host: values.host,
    port: integer(values.port, 'port'),
    pageSize: integer(values['page-size'], 'page-size'),
    lroDurationMs: integer(values['lro-ms'], 'lro-ms'),
    retryAfterSeconds: integer(values['retry-after'], 'retry-after'),
    recoveryAfterResetMs: integer(values['recovery-ms'], 'recovery-ms'),
    statusInLists: values['status-in-lists'],
    idleShare: share(values['idle-share'], 'idle-share'),
    huawei: parseHuaweiSpec(values.huawei ?? '', pairs),
    huaweiCredential: { accessKey: values['huawei-ak'] ?? SIM_HUAWEI_ACCESS_KEY, secretKey: values['huawei-sk'] ?? SIM_HUAWEI_SECRET_KEY },
    huaweiResetPendingMs: integer(values['huawei-reset-pending-ms'], 'huawei-reset-pending-ms'),
  });
  const certFile = values['cert-file'] ?? path.join(os.tmpdir(), `tunnelwatch-simulator-${new URL(sim.url).port}.pem`);
  writeFileSync(certFile, sim.certPem);
  console.log(sim.url);
  console.log(`Certificate: ${certFile}`);
  console.log(`Use it with TW_ARM_ENDPOINT=${sim.url} TW_ARM_CA_FILE=${certFile}; control API: ${sim.url}/_sim/links (Ctrl+C stops)`);
  const scopes = sim.huawei.scopes();
  // The SK is not printed: it is the one given with --huawei-sk, or SIM_HUAWEI_SECRET_KEY.
  if (scopes.length > 0) console.log(`Huawei VPN API at ${sim.url}/v5/: scopes ${scopes.join(',')}, AK ${sim.huaweiCredential.accessKey}`);
  const stop = (): void => {
    rmSync(certFile, { force: true });
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function integer(text: string | undefined, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got '${text}'`);
  return value;
}

function share(text: string | undefined, name: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !(value >= 0 && value <= 1)) throw new Error(`--${name} must be a number in 0..1, got '${text}'`);
  return value;
}

main().catch((thrown: unknown) => {
  console.error(thrown instanceof Error ? thrown.message : thrown);
  process.exit(1);
});
