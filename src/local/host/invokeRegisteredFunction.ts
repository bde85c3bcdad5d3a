import { randomUUID } from 'node:crypto';
import { toError } from '../../core/errors';
import type {
  CoreInvocationContext,
  HookCallback,
  HookName,
  ProgrammingModel,
  RegisteredFunction,
  RpcInvocationRequest,
  RpcInvocationResponse,
} from './functionsCoreTypes';
import type { HostLogger } from './hostLog';

export interface InvocationRuntime {
  readonly programmingModel: ProgrammingModel;
  readonly hooks: ReadonlyMap<HookName, readonly HookCallback[]>;
  readonly log: HostLogger;
  readonly appHookData: Record<string, unknown>;
}

export type InvocationOutcome =
  | { readonly ok: true; readonly invocationId: string; readonly response: RpcInvocationResponse }
  | { readonly ok: false; readonly invocationId: string; readonly error: Error };

/**
 * Runs one invocation the way the Node worker does: programming model → invocation model →
 * getArguments → preInvocation hooks → invokeFunction → postInvocation hooks → getResponse.
 * Never throws: a failing function is an outcome, so no handler can crash the host.
 */
export async function invokeRegisteredFunction(
  runtime: InvocationRuntime,
  fn: RegisteredFunction,
  request: Omit<RpcInvocationRequest, 'invocationId' | 'functionId'>,
  reason: string,
): Promise<InvocationOutcome> {
  const invocationId = randomUUID();
  const name = fn.metadata.name;
  const log = runtime.log.forInvocation(name, invocationId);
  const started = performance.now();
  log('information', `Executing (Reason='${reason}')`);
  const coreContext: CoreInvocationContext = {
    invocationId,
    request: { ...request, invocationId, functionId: fn.metadata.functionId ?? name },
    metadata: { name, bindings: fn.metadata.bindings, functionId: fn.metadata.functionId ?? name },
    log: (level, category, message) => log(level, category === 'system' ? `[system] ${message}` : message),
  };
  try {
    const invocationModel = await runtime.programmingModel.getInvocationModel(coreContext);
    const { context, inputs } = await invocationModel.getArguments();
    const hookData: Record<string, unknown> = {};
    const pre = { invocationContext: context, inputs, functionCallback: fn.callback, hookData, appHookData: runtime.appHookData };
    coreContext.state = 'preInvocationHooks';
    await runHooks(runtime, 'preInvocation', pre);
    coreContext.state = 'invocation';
    let result: unknown;
    let error: unknown = null;
    try {
      result = await invocationModel.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (thrown) {
      error = thrown;
    }
    const post = { invocationContext: context, inputs: pre.inputs, result, error, hookData, appHookData: runtime.appHookData };
    coreContext.state = 'postInvocationHooks';
    await runHooks(runtime, 'postInvocation', post);
    coreContext.state = undefined;
    if (post.error) throw toError(post.error);
    const response = await invocationModel.getResponse(context, post.result);
    log('information', `Executed (Succeeded, Duration=${elapsed(started)}ms)`);
    return { ok: true, invocationId, response };
  } catch (thrown) {
    const error = toError(thrown);
    log('error', `Executed (Failed, Duration=${elapsed(started)}ms): ${error.stack ?? error.message}`);
    return { ok: false, invocationId, error };
  }
}

/** Runs app-level hooks (appStart/appTerminate); a failing hook is logged, not fatal. */
export async function runAppHooks(runtime: InvocationRuntime, name: 'appStart' | 'appTerminate', context: Record<string, unknown>): Promise<void> {
  try {
    await runHooks(runtime, name, { hookData: {}, appHookData: runtime.appHookData, ...context });
  } catch (thrown) {
    runtime.log('error', `${name} hook failed: ${toError(thrown).message}`);
  }
}

async function runHooks(runtime: InvocationRuntime, name: HookName, context: Record<string, unknown>): Promise<void> {
  for (const hook of runtime.hooks.get(name) ?? []) await hook(context);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
