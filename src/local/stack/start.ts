/**
 * `npm start`: the whole system on a laptop. Azurite, the ARM network simulator with a demo fleet (one link
 * stuck until reset, one flapping) and the function app's own registrations on the local host.
 * `npm start -- --azure --scope <arm scope>` watches real Azure instead (dry-run unless --remediate).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { linkNameFromId } from '../../core/ids/linkName';
import { checkAzureLogin } from './checkAzureLogin';
import { startLocalStack } from './localStack';
import { createStatusPrinter } from './statusPrinter';

const USAGE = `usage: npm start -- [--port 7071] [--sim-port 0] [--fleet 1x3x2x2] [--persist] [--verbose]
       npm start -- --azure --scope /subscriptions/<id>[,...] [--remediate]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7071' },
      'sim-port': { type: 'string', default: '0' },
      fleet: { type: 'string' },
      persist: { type: 'boolean', default: false },
      azure: { type: 'boolean', default: false },
      scope: { type: 'string', multiple: true },
      remediate: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  const port = portArg('--port', values.port);
  const simPort = portArg('--sim-port', values['sim-port']);
  const scopes = (values.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (values.azure && scopes.length === 0) throw new UsageError('--azure needs --scope /subscriptions/<id> (or a resource group / gateway id)');
  if (!values.azure && (scopes.length > 0 || values.remediate)) throw new UsageError('--scope and --remediate go with --azure');
  if (values.azure) await checkAzureLogin();

  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const printer = createStatusPrinter({ verbose: values.verbose, write: (line) => console.log(line) });
  const stack = await startLocalStack({
    functionsDir: path.join(root, 'dist', 'src', 'functions'),
    hostJsonPath: path.join(root, 'host.json'),
    port,
    simPort,
    ...(values.fleet && { fleet: values.fleet }),
    ...(values.persist && { persistDir: path.join(root, '.azurite') }),
    ...(values.azure && { azureScopes: scopes, remediate: values.remediate }),
    log: printer.hostLine,
  });
  console.log(`API: ${stack.host.apiUrl}`);
  console.log(`Dashboard: ${stack.dashboardUrl}`);
  console.log(`Simulator: ${stack.simulator ? stack.simulator.url : '(none: watching real Azure)'}`);
  console.log(`Function key: ${stack.host.functionKey}`);
  if (stack.demo) console.log(`Demo: link ${demoName(stack.demo.stuckLinkId)} is stuck until reset; ${demoName(stack.demo.flappingLinkId)} flaps.`);
  if (stack.demo?.stuckHuaweiConnectionId) console.log(`Demo: Huawei connection ${stack.demo.stuckHuaweiConnectionName ?? stack.demo.stuckHuaweiConnectionId} is stuck until reset (scope ${stack.huawei?.scopes}).`);
  if (values.azure) console.log(`Remediation: ${values.remediate ? 'ENABLED (real resets)' : 'dry-run (add --remediate to reset for real)'}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    void stack.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

class UsageError extends Error {}

/** A demo link as a person names it (`gateway/connection/link`), not its full ARM id. */
function demoName(id: string): string {
  return linkNameFromId(id) ?? id;
}

function portArg(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`${flag} must be a port number from 0 to 65535 (got '${text}')`);
  return port;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof UsageError ? `${message}\n${USAGE}` : `tunnelwatch could not start: ${message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
