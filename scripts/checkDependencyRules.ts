/**
 * The dependency rules of ARCHITECTURE.md, checked on every `npm test`:
 * - src/core is pure: no SDK, no node: I/O, no process.env, no Date.now(), and it imports only src/core;
 * - each Azure SDK is imported by exactly one adapter file;
 * - nothing deployable (src outside local/ and simulator/) imports the simulator or the local host.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const SDK_OWNERS: Record<string, string> = {
  '@azure/arm-network': 'src/adapters/armTransport.ts',
  '@azure/data-tables': 'src/adapters/tableClients.ts',
  '@azure/storage-queue': 'src/adapters/storageQueueClient.ts',
  applicationinsights: 'src/adapters/appInsightsTelemetry.ts',
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

export function checkDependencyRules(): string[] {
  const problems: string[] = [];
  for (const file of walk(path.join(root, 'src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const source = readFileSync(file, 'utf8');
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const spec of importsOf(source)) {
      if (rel.startsWith('src/core/')) {
        const target = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : spec;
        if (!target.startsWith('src/core/')) problems.push(`${rel}: core must stay pure but imports '${spec}'`);
      }
      const owner = Object.entries(SDK_OWNERS).find(([sdk]) => spec === sdk || spec.startsWith(`${sdk}/`));
      if (owner && owner[1] !== rel && !rel.startsWith('src/simulator/') && !rel.startsWith('src/local/')) {
        problems.push(`${rel}: imports '${spec}', which only ${owner[1]} may import`);
      }
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
  return problems;
}

if (require.main === module) {
  const problems = checkDependencyRules();
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log('dependency rules: ok');
}
