// Copies non-TypeScript assets the compiled app serves (dashboard page, chart library) next to dist.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const assets = [['src/dashboard/static', 'dist/src/dashboard/static']];
for (const [from, to] of assets) {
  if (!existsSync(path.join(root, from))) continue;
  mkdirSync(path.join(root, to), { recursive: true });
  cpSync(path.join(root, from), path.join(root, to), { recursive: true });
}
