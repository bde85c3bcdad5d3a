/**
 * Imported first by bench/run.ts: with `--json`, stdout must carry the one JSON object only, so everything that
 * logs while modules load (e.g. @azure/functions' test-mode warning) or while benchmarks run goes to stderr.
 */
export const JSON_MODE = process.argv.includes('--json');

if (JSON_MODE) {
  const toStderr = (...args: unknown[]): void => void process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.warn = toStderr;
  console.debug = toStderr;
}
