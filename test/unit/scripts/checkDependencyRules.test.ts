import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDependencyRules } from '../../../scripts/checkDependencyRules';

type Tree = Record<string, string>;

/** Writes a throwaway repository tree (paths relative to its root) and runs the real rules over it. */
function problemsOf(tree: Tree): string[] {
  const root = mkdtempSync(path.join(tmpdir(), 'tw-deps-'));
  try {
    for (const [file, text] of Object.entries(tree)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return checkDependencyRules(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const longFile = (lines: number): string => Array.from({ length: lines }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

/** A small tree that follows every rule: each case below adds one violation to it. */
const clean: Tree = {
  'src/core/linkKey.ts': "export const linkKey = (id: string): string => id;\n",
  'src/app/ports.ts': "import { linkKey } from '../core/linkKey';\nexport type Key = ReturnType<typeof linkKey>;\n",
  'src/app/monitoring/runPollCycle.ts': "import type { Key } from '../ports';\nexport const run = (k: Key): Key => k;\n",
  'src/adapters/storage/tableClients.ts': "import { TableClient } from '@azure/data-tables';\nimport type { Key } from '../../app/ports';\nexport const t = (k: Key) => [TableClient, k];\n",
  'src/adapters/storage/tableKeys.ts': "import { TableClient } from '@azure/data-tables';\nexport const k = TableClient;\n",
  'src/composition/monitoringDeps.ts': "import { t } from '../adapters/storage/tableClients';\nimport { run } from '../app/monitoring/runPollCycle';\nexport const deps = { t, run };\n",
  'src/functions/poll.ts': "import { deps } from '../composition/monitoringDeps';\nexport const poll = deps;\n",
  'src/adapters/big.ts': longFile(300),
};

describe('dependency rules', () => {
  it('when the tree follows every rule, then nothing is reported', () => {
    expect(problemsOf(clean)).toEqual([]);
  });

  it.each<[string, Tree, RegExp]>([
    [
      'a composition root living in app/ (createMonitoringDeps before it moved)',
      { 'src/app/monitoring/createMonitoringDeps.ts': "import { t } from '../../adapters/storage/tableClients';\nexport const c = t;\n" },
      /^src\/app\/monitoring\/createMonitoringDeps\.ts: use cases import only src\/app and src\/core, not '..\/..\/adapters\/storage\/tableClients'$/,
    ],
    ['a use case reading config', { 'src/config/loadConfig.ts': 'export type Config = 1;\n', 'src/app/x.ts': "import type { Config } from '../config/loadConfig';\nexport type X = Config;\n" }, /^src\/app\/x\.ts: use cases import only .* '..\/config\/loadConfig'$/],
    ['a use case importing a node: module', { 'src/app/x.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" }, /^src\/app\/x\.ts: use cases import only .* 'node:fs'$/],
    ['a use case importing an SDK type', { 'src/app/x.ts': "import type { TokenCredential } from '@azure/core-auth';\nexport type C = TokenCredential;\n" }, /^src\/app\/x\.ts: use cases import only .* '@azure\/core-auth'$/],
    ['an adapter importing composition', { 'src/adapters/y.ts': "import { deps } from '../composition/monitoringDeps';\nexport const y = deps;\n" }, /^src\/adapters\/y\.ts: adapters must not import composition/],
    ['an adapter importing a function', { 'src/adapters/y.ts': "import type { poll } from '../functions/poll';\nexport type Y = typeof poll;\n" }, /^src\/adapters\/y\.ts: adapters must not import functions/],
    ['an adapter importing the simulator', { 'src/simulator/sim.ts': 'export const s = 1;\n', 'src/adapters/y.ts': "import { s } from '../simulator/sim';\nexport const y = s;\n" }, /^src\/adapters\/y\.ts: (adapters must not import simulator|deployable code imports dev-only)/],
    [
      'composition importing a contract from a function (remediationDeps → functions/alerts before the contract moved)',
      { 'src/composition/remediationDeps.ts': "import type { poll } from '../functions/poll';\nexport type AlertHttpDeps = typeof poll;\n" },
      /^src\/composition\/remediationDeps\.ts: composition must not import functions/,
    ],
    [
      'a cycle of type-only imports (pollTargets → pollChunk → reportCycle → pollTargets before pollOutcome.ts)',
      {
        'src/app/monitoring/pollTargets.ts': "import type { Chunk } from './pollChunk';\nexport type Outcome = { c?: Chunk };\n",
        'src/app/monitoring/pollChunk.ts': "import type { Report } from './reportCycle';\nexport type Chunk = { r?: Report };\n",
        'src/app/monitoring/reportCycle.ts': "import type { Outcome } from './pollTargets';\nexport type Report = { o?: Outcome };\n",
      },
      /^import cycle: src\/app\/monitoring\/pollChunk\.ts → src\/app\/monitoring\/reportCycle\.ts → src\/app\/monitoring\/pollTargets\.ts → src\/app\/monitoring\/pollChunk\.ts$/,
    ],
    [
      'a cycle through an index file',
      { 'src/functions/http/index.ts': "import type { Poll } from '../poll';\nexport type H = Poll | 1;\n", 'src/functions/poll.ts': "import type { H } from './http';\nexport type Poll = H | 2;\n" },
      /^import cycle: .*src\/functions\/http\/index\.ts/,
    ],
    ['a source file over 300 lines (armNetworkClient.ts had 321)', { 'src/adapters/armNetworkClient.ts': longFile(321) }, /^src\/adapters\/armNetworkClient\.ts: 321 lines; split it \(at most 300\)$/],
    ['an importer of an Azure SDK outside its adapter folder', { 'src/adapters/arm/other.ts': "import { TableClient } from '@azure/data-tables';\nexport const o = TableClient;\n" }, /^src\/adapters\/arm\/other\.ts: imports '@azure\/data-tables', which only src\/adapters\/storage may import$/],
    ['the ARM SDK imported outside adapters/arm', { 'src/adapters/huawei/x.ts': "import { NetworkManagementClient } from '@azure/arm-network';\nexport const x = NetworkManagementClient;\n" }, /^src\/adapters\/huawei\/x\.ts: imports '@azure\/arm-network', which only src\/adapters\/arm may import$/],
    ['the Huawei SDK imported outside adapters/huawei', { 'src/adapters/arm/x.ts': "import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';\nexport const x = AKSKSigner;\n" }, /^src\/adapters\/arm\/x\.ts: imports '@huaweicloud\/huaweicloud-sdk-core\/auth\/AKSKSigner', which only src\/adapters\/huawei may import$/],
    ['one adapter folder importing another', { 'src/adapters/arm/y.ts': "import { t } from '../storage/tableClients';\nexport const y = t;\n" }, /^src\/adapters\/arm\/y\.ts: adapters\/arm must not import adapters\/storage/],
    ['source importing a test fake', { 'test/support/fakes/inMemoryQueue.ts': 'export const q = 1;\n', 'src/composition/q.ts': "import { q } from '../../test/support/fakes/inMemoryQueue';\nexport const x = q;\n" }, /^src\/composition\/q\.ts: src must not import test code/],
    ['a folder with too many files of its own', Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`src/core/crowd/f${i}.ts`, `export const f${i} = ${i};\n`])), /^src\/core\/crowd: 26 source files of its own/],
    ['core reading the clock', { 'src/core/now.ts': 'export const n = (): number => Date.now();\n' }, /^src\/core\/now\.ts: core reads the clock/],
  ])('when the tree has %s, then it is reported', (_name, violation, expected) => {
    const problems = problemsOf({ ...clean, ...violation });
    expect(problems).not.toHaveLength(0);
    for (const problem of problems) expect(problem).toMatch(expected);
  });
});
