import { resolveConnectionString, resolveSettingReferences, type AppSettings } from './appSettings';
import type { AuthLevel } from './functionKeys';
import { stringOption, triggerBinding } from './functionBindings';
import type { RegisteredFunction, RpcHttpData, RpcInvocationRequest, RpcTypedData } from './functionsCoreTypes';
import type { HostLogger } from './hostLog';
import { byPrecedence, compileRoute } from './httpRoute';
import type { HttpEndpoint } from './httpServer';
import type { InvocationOutcome } from './invokeRegisteredFunction';
import type { QueueClients } from './queueClients';
import { startQueueListener, type RunningQueueListener } from './queueListener';
import type { HostOptions } from './readHostJson';
import { parseTimerSchedule } from './timerSchedule';
import { startTimerTrigger, type RunningTimer } from './timerTrigger';

export type Invoke = (fn: RegisteredFunction, request: Omit<RpcInvocationRequest, 'invocationId' | 'functionId'>, reason: string) => Promise<InvocationOutcome>;

export interface TriggerDeps {
  readonly settings: AppSettings;
  readonly hostOptions: HostOptions;
  readonly clients: QueueClients;
  readonly log: HostLogger;
  readonly invoke: Invoke;
  readonly httpOutput: (fn: RegisteredFunction, outcome: InvocationOutcome & { ok: true }) => RpcHttpData | undefined;
}

export interface StartedTriggers {
  readonly endpoints: HttpEndpoint[];
  readonly timers: Map<string, RunningTimer>;
  readonly queueListeners: RunningQueueListener[];
}

/** A function is disabled by the app setting `AzureWebJobs.<name>.Disabled`, as on the host. */
export function isDisabled(name: string, settings: AppSettings): boolean {
  const value = settings[`AzureWebJobs.${name}.Disabled`] ?? process.env[`AzureWebJobs.${name}.Disabled`];
  return value?.toLowerCase() === 'true' || value === '1';
}

/**
 * Resolves every registration's trigger (`%SETTING%`s, connections, routes, schedules) before anything
 * starts, so a bad binding fails the start, then starts timers and queue listeners.
 */
export function startFunctionTriggers(functions: readonly RegisteredFunction[], deps: TriggerDeps): StartedTriggers {
  const started: StartedTriggers = { endpoints: [], timers: new Map(), queueListeners: [] };
  const starters: (() => void)[] = [];
  for (const fn of functions) {
    const name = fn.metadata.name;
    const { name: bindingName, binding } = triggerBinding(fn);
    const type = (binding.type ?? '').toLowerCase();
    const enabled = !isDisabled(name, deps.settings);
    const where = `function '${name}'`;
    if (type === 'httptrigger') {
      if (!enabled) continue;
      const methods = Array.isArray(binding.methods) ? binding.methods.map((m) => String(m).toUpperCase()) : ['GET', 'POST'];
      started.endpoints.push({
        functionName: name,
        route: compileRoute(stringOption(binding, 'route') ?? name),
        methods,
        authLevel: (stringOption(binding, 'authLevel') ?? 'anonymous') as AuthLevel,
        invoke: async (http) => {
          const outcome = await deps.invoke(fn, { inputData: [{ name: bindingName, data: { http } }], triggerMetadata: {} }, 'This function was programmatically called via the host APIs.');
          return outcome.ok ? { ok: true, http: deps.httpOutput(fn, outcome) } : { ok: false, invocationId: outcome.invocationId };
        },
      });
    } else if (type === 'timertrigger') {
      const schedule = parseTimerSchedule(resolveSettingReferences(stringOption(binding, 'schedule') ?? '', deps.settings, where), name);
      const useMonitor = typeof binding.useMonitor === 'boolean' ? binding.useMonitor : schedule.monitoredByDefault;
      starters.push(() => {
        const timer = startTimerTrigger({
          functionName: name,
          schedule,
          useMonitor,
          runOnStartup: binding.runOnStartup === true,
          scheduled: enabled,
          log: deps.log,
          invoke: (payload, reason) => deps.invoke(fn, { inputData: [{ name: bindingName, data: { json: JSON.stringify(payload) } }], triggerMetadata: {} }, reason),
        });
        started.timers.set(name, timer);
      });
    } else if (type === 'queuetrigger') {
      const queueName = resolveSettingReferences(stringOption(binding, 'queueName') ?? '', deps.settings, where);
      const connectionString = resolveConnectionString(binding.connection, deps.settings, where);
      if (!enabled) continue;
      starters.push(() =>
        started.queueListeners.push(
          startQueueListener({
            functionName: name,
            queueName,
            connectionString,
            queues: deps.hostOptions.queues,
            clients: deps.clients,
            processingVisibilityMs: Math.max(deps.hostOptions.functionTimeoutMs ?? 0, 10 * 60_000),
            log: deps.log,
            invoke: (text: string, metadata: Record<string, RpcTypedData>) =>
              deps.invoke(fn, { inputData: [{ name: bindingName, data: { string: text } }], triggerMetadata: metadata }, `New queue message detected on '${queueName}'.`),
          }),
        ),
      );
    } else {
      deps.log('warning', `Function '${name}': trigger type '${binding.type}' is not supported by the local host; it will not run`);
    }
  }
  started.endpoints.sort((a, b) => byPrecedence(a.route, b.route));
  for (const start of starters) start();
  return started;
}
