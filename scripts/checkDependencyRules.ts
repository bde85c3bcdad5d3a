/**
 * The dependency rules of ARCHITECTURE.md, checked on every `npm test`:
 * - src/core is pure: no SDK, no node: I/O, no process.env, no Date.now(), and it imports only src/core;
 * - src/app (the use cases) imports only src/app and src/core: no adapters, composition, functions, config or packages;
 * - src/adapters never imports composition, functions, the local host or the simulator;
 * - src/composition never imports functions (edges call the composition root, not the other way round);
 * - each cloud SDK is imported only by the adapter folder of its technology (adapters/arm, adapters/storage, …), and an
 *   adapter folder never imports another adapter folder (one room, one technology) but the SDK-free `http/` helpers;
 * - nothing deployable (src outside local/ and simulator/) imports the simulator or the local host;
 * - nothing in src/ imports test/ (the in-memory fakes live in test/support/fakes, typed against the ports);
 * - no folder under src/ holds more than MAX_FILES_PER_FOLDER source files of its own;
 * - no import cycle among src/ files, type-only imports included;
 * - no source file over MAX_LINES lines.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const defaultRoot = path.resolve(__dirname, '..');
const MAX_LINES = 300;
const MAX_FILES_PER_FOLDER = 25;
/** Each SDK and the one adapter folder (the technology it talks to) that may import it. */
const SDK_OWNERS: Record<string, string> = {
  '@azure/arm-network': 'src/adapters/arm/',
  '@azure/data-tables': 'src/adapters/storage/',
  '@azure/storage-queue': 'src/adapters/storage/',
  '@azure/monitor-query-metrics': 'src/adapters/monitor/',
  applicationinsights: 'src/adapters/telemetry/',
  '@huaweicloud/huaweicloud-sdk-core': 'src/adapters/huawei/',
};
/** Layer → src/ folders it must never import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  'src/adapters/': ['src/composition/', 'src/functions/', 'src/local/', 'src/simulator/'],
  'src/composition/': ['src/functions/'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

/** The root-relative file a relative specifier names (`./x` → `src/…/x.ts`), or the specifier itself for a package. */
function resolveSpec(root: string, file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const base = path.resolve(path.dirname(file), spec);
  const hit = [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return path.relative(root, hit ?? `${base}.ts`).split(path.sep).join('/');
}

export function checkDependencyRules(root: string = defaultRoot): string[] {
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  const perFolder = new Map<string, number>();
  for (const file of walk(path.join(root, 'src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    perFolder.set(path.posix.dirname(rel), (perFolder.get(path.posix.dirname(rel)) ?? 0) + 1);
    const source = readFileSync(file, 'utf8');
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const edges: string[] = [];
    graph.set(rel, edges);
    const lines = source.split('\n').length - (source.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) problems.push(`${rel}: ${lines} lines; split it (at most ${MAX_LINES})`);
    for (const spec of importsOf(source)) {
      const target = resolveSpec(root, file, spec);
      if (target.startsWith('src/')) edges.push(target);
      if (rel.startsWith('src/core/') && !target.startsWith('src/core/')) problems.push(`${rel}: core must stay pure but imports '${spec}'`);
      if (rel.startsWith('src/app/') && !target.startsWith('src/app/') && !target.startsWith('src/core/')) {
        problems.push(`${rel}: use cases import only src/app and src/core, not '${spec}'`);
      }
      for (const [layer, banned] of Object.entries(FORBIDDEN)) {
        const hit = rel.startsWith(layer) ? banned.find((b) => target.startsWith(b)) : undefined;
        if (hit) problems.push(`${rel}: ${layer.slice(4, -1)} must not import ${hit.slice(4, -1)} ('${spec}')`);
      }
      const owner = Object.entries(SDK_OWNERS).find(([sdk]) => spec === sdk || spec.startsWith(`${sdk}/`));
      if (owner && !rel.startsWith(owner[1]) && !rel.startsWith('src/simulator/') && !rel.startsWith('src/local/')) {
        problems.push(`${rel}: imports '${spec}', which only ${owner[1].slice(0, -1)} may import`);
      }
      const room = adapterRoom(rel);
      const otherRoom = adapterRoom(target);
      if (room && otherRoom && room !== otherRoom && otherRoom !== 'http') problems.push(`${rel}: adapters/${room} must not import adapters/${otherRoom} ('${spec}')`);
      if (target.startsWith('test/')) problems.push(`${rel}: src must not import test code ('${spec}')`);
      const deployable = !rel.startsWith('src/local/') && !rel.startsWith('src/simulator/') && !rel.startsWith('src/cli/');
      if (deployable && /(^|\/)(simulator|local)(\/|$)/.test(spec) && spec.startsWith('.')) {
        problems.push(`${rel}: deployable code imports dev-only '${spec}'`);
      }
    }
    if (rel.startsWith('src/core/')) {
      if (/process\.env/.test(code)) problems.push(`${rel}: core reads process.env`);
      if (/Date\.now\(\)|new Date\(\)/.test(code)) problems.push(`${rel}: core reads the clock; take 'now' as a parameter`);
    }
  }
  for (const [folder, count] of perFolder) {
    if (count > MAX_FILES_PER_FOLDER) problems.push(`${folder}: ${count} source files of its own; give its parts rooms (at most ${MAX_FILES_PER_FOLDER})`);
  }
  for (const cycle of importCycles(graph)) problems.push(`import cycle: ${cycle.join(' → ')}`);
  return problems;
}

/** The technology folder of an adapter file (`src/adapters/arm/x.ts` → `arm`), if it is in one. */
function adapterRoom(rel: string): string | undefined {
  return /^src\/adapters\/([^/]+)\//.exec(rel)?.[1];
}

/** One path per cycle found by depth-first search (each back edge reported once), in a stable order. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!graph.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

if (require.main === module) {
  const problems = checkDependencyRules();
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log('dependency rules: ok');
}
