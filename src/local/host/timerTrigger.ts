import type { InvocationOutcome } from './invokeRegisteredFunction';
import type { HostLogger } from './hostLog';
import { advanceStatus, classifyRun, timerTriggerPayload, type ScheduleStatus, type TimerSchedule } from './timerSchedule';
import { withinBound } from './withinBound';

export type TimerRunResult = { readonly status: 'ran'; readonly outcome: InvocationOutcome } | { readonly status: 'skipped' };

export interface RunningTimer {
  readonly functionName: string;
  /** The occurrence the timer is armed for. */
  nextOccurrence(): Date;
  /** Runs the function now, like the host's admin invoke; skipped when a run is in progress. */
  invokeNow(): Promise<TimerRunResult>;
  stop(timeoutMs: number): Promise<void>;
}

export interface TimerTriggerOptions {
  readonly functionName: string;
  readonly schedule: TimerSchedule;
  readonly runOnStartup: boolean;
  readonly useMonitor: boolean;
  /** False for a disabled function: it runs only through `invokeNow`. */
  readonly scheduled: boolean;
  readonly invoke: (timerPayload: Record<string, unknown>, reason: string) => Promise<InvocationOutcome>;
  readonly log: HostLogger;
  readonly now?: () => Date;
}

type RunKind = 'schedule' | 'startup' | 'manual';
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Drives one timer function like the host's TimerListener: the timer is re-armed only after a run
 * ends, so runs of one timer never overlap (the singleton lock's effect), and occurrences that passed
 * during a long run collapse into a single catch-up run.
 */
export function startTimerTrigger(options: TimerTriggerOptions): RunningTimer {
  const now = options.now ?? (() => new Date());
  const { functionName, schedule, log } = options;
  let status: ScheduleStatus = { last: undefined, next: schedule.nextAfter(now()), lastUpdated: undefined };
  let handle: NodeJS.Timeout | undefined;
  let running: Promise<InvocationOutcome> | undefined;
  let stopped = false;

  const run = async (kind: RunKind): Promise<TimerRunResult> => {
    if (running) {
      log('warning', `Timer '${functionName}': a run is still in progress, so this ${kind} run is skipped`);
      return { status: 'skipped' };
    }
    const invocationTime = now();
    const isPastDue = kind === 'schedule' && classifyRun(status, invocationTime).isPastDue;
    const payload = timerTriggerPayload(options.useMonitor ? status : undefined, isPastDue);
    const reason = kind === 'schedule' ? (isPastDue ? 'Timer fired late (past due)' : 'Timer fired') : kind === 'startup' ? 'RunOnStartup' : 'Manual invoke';
    running = options.invoke(payload, reason);
    try {
      const outcome = await running;
      if (kind !== 'manual') status = advanceStatus(schedule, status, invocationTime, kind === 'schedule' && !isPastDue);
      return { status: 'ran', outcome };
    } finally {
      running = undefined;
    }
  };

  const arm = (): void => {
    if (stopped || !options.scheduled) return;
    const delay = Math.max(0, status.next.getTime() - now().getTime());
    handle = setTimeout(() => void onFire(), Math.min(delay, MAX_TIMEOUT_MS));
  };

  const onFire = async (): Promise<void> => {
    handle = undefined;
    if (stopped) return;
    if (now() < status.next) return arm(); // woke early (long intervals are split)
    if (running) {
      log('warning', `Timer '${functionName}': occurrence ${status.next.toISOString()} skipped, a run is still in progress`);
      status = { ...status, next: schedule.nextAfter(now()) };
    } else {
      await run('schedule');
    }
    arm();
  };

  if (!options.scheduled) {
    log('information', `Timer '${functionName}' is disabled; it runs only when invoked`);
  } else if (options.runOnStartup) {
    void run('startup').then(arm);
  } else {
    arm();
  }
  if (options.scheduled) log('information', `Timer '${functionName}' (${schedule.expression}) next occurrence: ${status.next.toISOString()}`);

  return {
    functionName,
    nextOccurrence: () => status.next,
    invokeNow: () => run('manual'),
    stop: async (timeoutMs) => {
      stopped = true;
      if (handle) clearTimeout(handle);
      if (running) await withinBound(running, timeoutMs);
    },
  };
}
