import { Cron } from 'croner';
import { TunnelwatchError } from '../../core/errors';

/** A parsed 6-field NCRONTAB schedule (`{second} {minute} {hour} {day} {month} {day-of-week}`). */
export interface TimerSchedule {
  readonly expression: string;
  nextAfter(time: Date): Date;
  /** The Functions default for `useMonitor`: true when occurrences are at least a minute apart. */
  readonly monitoredByDefault: boolean;
}

export function parseTimerSchedule(expression: string, functionName: string): TimerSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new TunnelwatchError('CONFIG.INVALID', `timer '${functionName}': schedule '${expression}' must have 6 fields (seconds first)`);
  }
  let cron: Cron;
  try {
    // NCRONTAB matches day-of-month AND day-of-week when both are restricted.
    cron = new Cron(fields.join(' '), { mode: '6-part', domAndDow: true, paused: true });
  } catch (error) {
    throw new TunnelwatchError('CONFIG.INVALID', `timer '${functionName}': invalid schedule '${expression}': ${(error as Error).message}`);
  }
  const nextAfter = (time: Date): Date => {
    const next = cron.nextRun(time);
    if (!next) throw new TunnelwatchError('CONFIG.INVALID', `timer '${functionName}': schedule '${expression}' never fires again`);
    return next;
  };
  const probe = new Date(Date.UTC(2030, 0, 1));
  const first = nextAfter(probe);
  const second = nextAfter(first);
  return { expression, nextAfter, monitoredByDefault: second.getTime() - first.getTime() >= 60_000 };
}

/** The host's record of a timer's schedule, passed to the function as `scheduleStatus`. */
export interface ScheduleStatus {
  readonly last: Date | undefined;
  readonly next: Date;
  readonly lastUpdated: Date | undefined;
}

/** How late (ms) a run may start before it counts as a missed occurrence. */
export const PAST_DUE_TOLERANCE_MS = 1000;

/**
 * Decides what the run that starts at `now` is. A run that starts well after the occurrence it was
 * armed for (the process was busy, or the previous run overran) is the one catch-up run, past due.
 */
export function classifyRun(status: ScheduleStatus, now: Date): { isPastDue: boolean } {
  return { isPastDue: now.getTime() - status.next.getTime() > PAST_DUE_TOLERANCE_MS };
}

/**
 * The status after a run that started at `invocationTime`, as the host's TimerListener records it:
 * a run that fired a little early counts from its scheduled time, and `next` is the first occurrence
 * after the run started. Occurrences missed while a run was going collapse into that one `next`,
 * which is why a long run yields one catch-up, never a backlog.
 */
export function advanceStatus(schedule: TimerSchedule, status: ScheduleStatus, invocationTime: Date, scheduled: boolean): ScheduleStatus {
  const adjusted = scheduled && status.next > invocationTime ? status.next : invocationTime;
  return { last: adjusted, next: schedule.nextAfter(adjusted), lastUpdated: adjusted };
}

/** The trigger payload the host serialises for a timer (the library camel-cases it to `Timer`). */
export function timerTriggerPayload(status: ScheduleStatus | undefined, isPastDue: boolean): Record<string, unknown> {
  return {
    Schedule: { AdjustForDST: true },
    ScheduleStatus: status
      ? { Last: dotNetLocalTime(status.last), Next: dotNetLocalTime(status.next), LastUpdated: dotNetLocalTime(status.lastUpdated) }
      : null,
    IsPastDue: isPastDue,
  };
}

/** Formats like .NET's round-trip local DateTime (`2024-05-01T12:00:00.000+02:00`); undefined is default(DateTime). */
export function dotNetLocalTime(time: Date | undefined): string {
  if (!time) return '0001-01-01T00:00:00';
  const offsetMinutes = -time.getTimezoneOffset();
  const local = new Date(time.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
