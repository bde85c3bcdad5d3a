import Module from 'node:module';
import path from 'node:path';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RegisteredFunction,
  RpcLogCategory,
  RpcLogLevel,
} from './functionsCoreTypes';

const SPECIFIER = '@azure/functions-core';
// A path that cannot exist on disk, so the entry in require.cache can only be ours.
const VIRTUAL_FILENAME = path.join(path.sep, '__tunnelwatch_local_host__', 'functions-core.js');

/** What one app load registered through `@azure/functions-core`. */
export interface CoreRegistrations {
  readonly functions: RegisteredFunction[];
  readonly hooks: Map<HookName, HookCallback[]>;
}

type SystemLog = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

class Disposable {
  static from(...items: { dispose: () => unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose(): unknown {
    return this.callOnDispose();
  }
}

/**
 * The process-wide `@azure/functions-core` stand-in. `@azure/functions` caches the module it first
 * requires and sets its programming model only once per process, so both live here, not per host;
 * registrations go to whichever load is in progress (see `collectRegistrations`).
 */
class FunctionsCoreApi {
  readonly version = '4.0.0-tunnelwatch-local';
  readonly hostVersion = '4.0.0-tunnelwatch-local';
  readonly Disposable = Disposable;
  programmingModel: ProgrammingModel | undefined;
  collecting: CoreRegistrations | undefined;
  systemLog: SystemLog = () => undefined;

  registerFunction = (metadata: FunctionMetadata, callback: FunctionCallback): Disposable => {
    const target = this.requireCollector(`register function "${metadata.name}"`);
    const entry: RegisteredFunction = { metadata, callback };
    target.functions.push(entry);
    return new Disposable(() => target.functions.splice(target.functions.indexOf(entry), 1));
  };

  registerHook = (name: HookName, callback: HookCallback): Disposable => {
    const target = this.requireCollector(`register a ${name} hook`);
    const list = target.hooks.get(name) ?? [];
    list.push(callback);
    target.hooks.set(name, list);
    return new Disposable(() => list.splice(list.indexOf(callback), 1));
  };

  setProgrammingModel = (model: ProgrammingModel): void => {
    this.programmingModel = model;
  };

  getProgrammingModel = (): ProgrammingModel | undefined => this.programmingModel;

  log = (level: RpcLogLevel, category: RpcLogCategory, message: string): void => {
    this.systemLog(level, category, message);
  };

  private requireCollector(action: string): CoreRegistrations {
    if (!this.collecting) {
      throw new Error(`The local host is not loading an app, so it cannot ${action}. Register functions at import time.`);
    }
    return this.collecting;
  }
}

let installed: FunctionsCoreApi | undefined;

/** Makes `require('@azure/functions-core')` return the local host's implementation (idempotent). */
export function installFunctionsCore(): FunctionsCoreApi {
  if (installed) return installed;
  const api = new FunctionsCoreApi();
  const fake = new Module(VIRTUAL_FILENAME);
  fake.filename = VIRTUAL_FILENAME;
  fake.loaded = true;
  fake.exports = api;
  const cache = (Module as unknown as { _cache: Record<string, Module> })._cache;
  cache[VIRTUAL_FILENAME] = fake;

  const internals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
    if (request === SPECIFIER) return VIRTUAL_FILENAME;
    return original.call(this, request, ...rest);
  };
  installed = api;
  return api;
}

/**
 * Runs `load` (which requires the app's entry files) and returns what it registered. Loads are
 * synchronous `require`s, so no two can interleave.
 */
export function collectRegistrations(load: () => void): CoreRegistrations & { programmingModel: ProgrammingModel } {
  const api = installFunctionsCore();
  const registrations: CoreRegistrations = { functions: [], hooks: new Map() };
  api.collecting = registrations;
  try {
    load();
  } finally {
    api.collecting = undefined;
  }
  if (registrations.functions.length > 0 && !api.programmingModel) {
    throw new Error('Functions were registered but no programming model was set by @azure/functions.');
  }
  return { ...registrations, programmingModel: api.programmingModel as ProgrammingModel };
}

/** Routes library-level system logs (`coreApi.log`) to the running host. */
export function setCoreSystemLog(log: SystemLog | undefined): void {
  installFunctionsCore().systemLog = log ?? (() => undefined);
}
