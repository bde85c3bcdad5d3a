/** Command-line arguments: positionals and `--name value` / `--name=value` / boolean `--flag`. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

const BOOLEAN_FLAGS = new Set(['json', 'dry-run', 'help', 'wide', 'insecure']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) options.set(name, inline);
    else if (BOOLEAN_FLAGS.has(name) || argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) options.set(name, true);
    else options.set(name, argv[++i]!);
  }
  return { positionals, options };
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
