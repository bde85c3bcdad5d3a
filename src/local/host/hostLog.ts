/** Where the host writes its lines (stdout in `npm start`, an array in tests). */
export type HostLogSink = (line: string) => void;

export type HostLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';

export interface HostLogger {
  (level: HostLogLevel, message: string): void;
  /** Lines about one invocation carry the function name and invocation id, as the Functions host logs them. */
  forInvocation(functionName: string, invocationId: string): (level: HostLogLevel, message: string) => void;
}

export function createHostLogger(sink: HostLogSink, now: () => Date = () => new Date()): HostLogger {
  const write = (level: HostLogLevel, message: string): void => {
    if (level === 'none') return;
    try {
      sink(`[${now().toISOString()}] ${level.padEnd(11)} ${message}`);
    } catch {
      // A failing sink must not take the host down.
    }
  };
  const logger = write as HostLogger;
  logger.forInvocation = (functionName, invocationId) => (level, message) =>
    write(level, `Functions.${functionName} (Id=${invocationId}) ${message}`);
  return logger;
}
