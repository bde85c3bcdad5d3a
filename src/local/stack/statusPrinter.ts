import type { HostLogSink } from '../host/hostLog';

export interface StatusPrinter {
  readonly hostLine: HostLogSink;
}

/**
 * What the `npm start` terminal shows: by default one status line per poll cycle and the remediation
 * story (incidents, resets, skips), plus warnings and errors; `--verbose` shows every host line.
 */
export function createStatusPrinter(options: { verbose: boolean; write: (line: string) => void }): StatusPrinter {
  // `remediation …` is the remediate function's one line per request (accepted, skipped, escalated, …).
  const interesting = /\b(cycle:|remediation |incident|reset|quarantin|escalat|skip)|\b(warning|error|critical)\s/i;
  return {
    hostLine: (line) => {
      if (options.verbose || interesting.test(line)) options.write(line);
    },
  };
}
