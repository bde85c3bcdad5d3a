import { createRequire } from 'node:module';
import path from 'node:path';
import { TunnelwatchError } from '../../core/errors';
import { collectRegistrations, type CoreRegistrations } from './functionsCoreModule';
import type { ProgrammingModel } from './functionsCoreTypes';

export interface LoadedFunctionApp extends CoreRegistrations {
  readonly programmingModel: ProgrammingModel;
  /** Drops the TypeScript loader (if one was needed). */
  unload(): void;
}

type Unregister = () => void;

// Node's own require (and its cache), also when this file itself runs under a test runner's loader.
const nativeRequire = createRequire(__filename);

/**
 * Loads the app the way the Node worker does: requires each entry file, whose `app.*` calls register
 * functions through `@azure/functions-core` at import. Compiled `.js` entries load with plain
 * `require`; `.ts` entries (dev/test) go through tsx's CommonJS loader. An entry already in the
 * require cache is evicted first so that its registrations run again for this host.
 */
export function loadFunctionApp(entryFiles: readonly string[]): LoadedFunctionApp {
  if (entryFiles.length === 0) throw new TunnelwatchError('CONFIG.INVALID', 'local host: no entry files to load');
  let unregisterTsx: Unregister | undefined;
  for (const root of new Set(entryFiles.map(appRoot))) evictAppModules(root);
  const registrations = collectRegistrations(() => {
    for (const entry of entryFiles) {
      const file = path.resolve(entry);
      if (/\.[cm]?ts$/.test(file)) {
        // Process-wide (a namespaced tsx require resolves bare specifiers itself, bypassing the
        // @azure/functions-core hook); removed again by unload().
        unregisterTsx ??= (nativeRequire('tsx/cjs/api') as { register: () => Unregister }).register();
      }
      nativeRequire(file);
    }
  });
  const names = registrations.functions.map((f) => f.metadata.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new TunnelwatchError('CONFIG.INVALID', `local host: function '${duplicate}' is registered twice`);
  return { ...registrations, unload: () => unregisterTsx?.() };
}

/** The app's source root: the folder above the functions folder (`src/` or `dist/src/`). */
function appRoot(entry: string): string {
  return path.dirname(path.dirname(path.resolve(entry))) + path.sep;
}

/** The host's own modules (local/, simulator/) keep their state: they are the worker, not the app. */
function evictAppModules(root: string): void {
  const keep = [path.join(root, 'local') + path.sep, path.join(root, 'simulator') + path.sep];
  for (const key of Object.keys(nativeRequire.cache)) {
    if (key.startsWith(root) && !key.includes(`${path.sep}node_modules${path.sep}`) && !keep.some((k) => key.startsWith(k))) {
      delete nativeRequire.cache[key];
    }
  }
}
