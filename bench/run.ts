import { benchListGateways, type BenchResult } from './listGateways';

/**
 * `npm run bench` runs every benchmark section in turn and prints a readable report;
 * `npm run bench -- --json` prints one JSON object `{ "<section>": { ...metrics } }` instead.
 * To add a section, export an async function returning a BenchResult and list it here.
 */
const SECTIONS: ReadonlyArray<{ readonly name: string; readonly run: () => Promise<BenchResult> }> = [
  { name: 'listGateways', run: () => benchListGateways() },
];

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const report: Record<string, BenchResult['metrics']> = {};
  for (const section of SECTIONS) {
    if (!json) console.log(`\n== ${section.name}`);
    const result = await section.run();
    report[result.name] = result.metrics;
    if (!json) for (const [key, value] of Object.entries(result.metrics)) console.log(`  ${key.padEnd(20)} ${value}`);
  }
  if (json) console.log(JSON.stringify(report));
}

main().catch((thrown: unknown) => {
  console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
  process.exit(1);
});
