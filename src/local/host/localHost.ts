import { applySettingsToEnvironment, type AppSettings } from './appSettings';
import { generateKey } from './functionKeys';
import { outputBindings, outputValue } from './functionBindings';
import { setCoreSystemLog } from './functionsCoreModule';
import type { FunctionMetadata, RegisteredFunction } from './functionsCoreTypes';
import { createHostLogger, type HostLogSink } from './hostLog';
import { startHttpServer } from './httpServer';
import { invokeRegisteredFunction, runAppHooks, type InvocationOutcome, type InvocationRuntime } from './invokeRegisteredFunction';
import { loadFunctionApp } from './loadFunctionApp';
import { logUnhandledRejections } from './logUnhandledRejections';
import { QueueClients } from './queueClients';
import { readHostJson } from './readHostJson';
import { sendQueueOutputs } from './sendQueueOutputs';
import { startFunctionTriggers, type Invoke } from './startFunctionTriggers';
import type { TimerRunResult } from './timerTrigger';
import { toError, TunnelwatchError } from '../../core/errors';

export interface LocalHostOptions {
  /** Modules to require (compiled `.js`, or `.ts` through tsx in dev/test); their `app.*` calls register the functions. */
  readonly entryFiles: readonly string[];
  /** App settings: used for `%SETTING%` and `connection` resolution and set in `process.env` until `stop()`. */
  readonly settings?: Readonly<Record<string, string>>;
  readonly hostJsonPath?: string;
  /** 0 picks a free port. Default 7071, like Core Tools. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Generated when absent. Accepted for `function` auth level. */
  readonly functionKey?: string;
  /** Generated when absent. Accepted for `function` and `admin` auth levels. */
  readonly masterKey?: string;
  /** Becomes the `AzureWebJobsStorage` setting unless the settings already have one. */
  readonly storageConnectionString?: string;
  readonly log?: HostLogSink;
  /** Default: setting FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, else 100 MB as on the host. */
  readonly maxRequestBodyBytes?: number;
  /** How long `stop()` waits for in-flight invocations. Default 10 s. */
  readonly stopTimeoutMs?: number;
}

export interface LocalHost {
  /** Base URL, e.g. `http://127.0.0.1:7071`. */
  readonly url: string;
  /** Base URL with the route prefix, e.g. `http://127.0.0.1:7071/api`. */
  readonly apiUrl: string;
  readonly functionKey: string;
  readonly masterKey: string;
  readonly functions: readonly FunctionMetadata[];
  /** Runs a timer function now (enabled or not), as the host's admin invoke does; skipped while it runs. */
  invokeTimer(name: string): Promise<TimerRunResult>;
  /** Stops timers, queue listeners and the HTTP server, waiting (bounded) for in-flight invocations. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 100 * 1024 * 1024;

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const log = createHostLogger(options.log ?? ((line) => console.log(line)));
  const settings: AppSettings = {
    ...(options.storageConnectionString ? { AzureWebJobsStorage: options.storageConnectionString } : {}),
    ...options.settings,
  };
  const hostOptions = readHostJson(options.hostJsonPath);
  const environment = applySettingsToEnvironment(settings);
  const stopLogging = logUnhandledRejections(log);
  setCoreSystemLog((level, _category, message) => log(level, `[library] ${message}`));
  const cleanups: (() => void)[] = [() => setCoreSystemLog(undefined), stopLogging, () => environment.restore()];
  const cleanUp = (): void => cleanups.splice(0).reverse().forEach((cleanup) => cleanup());
  try {
    const app = loadFunctionApp(options.entryFiles);
    cleanups.push(() => app.unload());
    const runtime: InvocationRuntime = { programmingModel: app.programmingModel, hooks: app.hooks, log, appHookData: {} };
    const clients = new QueueClients();
    const invoke: Invoke = async (fn, request, reason) => {
      const outcome = await invokeRegisteredFunction(runtime, fn, request, reason);
      return outcome.ok ? flushOutputs(fn, outcome) : outcome;
    };
    const flushOutputs = async (fn: RegisteredFunction, outcome: InvocationOutcome & { ok: true }): Promise<InvocationOutcome> => {
      try {
        await sendQueueOutputs(fn, outcome.response, { settings, clients, encoding: hostOptions.queues.messageEncoding });
        return outcome;
      } catch (thrown) {
        const error = toError(thrown);
        log.forInvocation(fn.metadata.name, outcome.invocationId)('error', `Sending queue outputs failed: ${error.message}`);
        return { ok: false, invocationId: outcome.invocationId, error };
      }
    };
    await runAppHooks(runtime, 'appStart', { functionAppDirectory: process.cwd() });
    const triggers = startFunctionTriggers(app.functions, {
      settings,
      hostOptions,
      clients,
      log,
      invoke,
      httpOutput: (fn, outcome) => {
        const [http] = outputBindings(fn, 'http');
        return http ? (outputValue(outcome.response, http.name)?.http ?? undefined) : undefined;
      },
    });
    const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    const stopTriggers = async (): Promise<void> => {
      await Promise.all([...[...triggers.timers.values()].map((t) => t.stop(stopTimeoutMs)), ...triggers.queueListeners.map((q) => q.stop(stopTimeoutMs))]);
    };
    const keys = { functionKey: options.functionKey ?? generateKey(), masterKey: options.masterKey ?? generateKey() };
    const server = await startHttpServer({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 7071,
      routePrefix: hostOptions.routePrefix,
      endpoints: triggers.endpoints,
      keys,
      maxRequestBodyBytes: options.maxRequestBodyBytes ?? (Number(settings.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT) || DEFAULT_BODY_LIMIT),
      log,
    }).catch(async (error: unknown) => {
      await stopTriggers();
      throw error;
    });
    log('information', `Local host listening on ${server.url} with ${app.functions.length} function(s)`);
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      apiUrl: hostOptions.routePrefix ? `${server.url}/${hostOptions.routePrefix}` : server.url,
      ...keys,
      functions: app.functions.map((fn) => fn.metadata),
      invokeTimer: async (name) => {
        const timer = triggers.timers.get(name);
        if (!timer) throw new TunnelwatchError('CONFIG.INVALID', `local host: no timer function named '${name}'`);
        return timer.invokeNow();
      },
      stop: () =>
        (stopping ??= (async () => {
          await Promise.all([stopTriggers(), server.stop(stopTimeoutMs)]);
          await runAppHooks(runtime, 'appTerminate', {});
          log('information', 'Local host stopped');
          cleanUp();
        })()),
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}
