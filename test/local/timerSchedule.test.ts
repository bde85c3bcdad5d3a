import { describe, expect, it } from 'vitest';
import { advanceStatus, classifyRun, dotNetLocalTime, parseTimerSchedule, timerTriggerPayload } from '../../src/local/host/timerSchedule';

const at = (iso: string): Date => new Date(iso);

describe('timer schedules (NCRONTAB, seconds first)', () => {
  it.each([
    ['0 */5 * * * *', '2030-01-01T00:02:30Z', '2030-01-01T00:05:00.000Z', true],
    ['*/10 * * * * *', '2030-01-01T00:00:01Z', '2030-01-01T00:00:10.000Z', false],
    ['30 * * * * *', '2030-01-01T00:00:31Z', '2030-01-01T00:01:30.000Z', true],
  ])('when the schedule is %s at %s, then the next occurrence is %s (monitored by default: %s)', (expression, now, next, monitored) => {
    const schedule = parseTimerSchedule(expression, 'fn');
    expect(schedule.nextAfter(at(now)).toISOString()).toBe(next);
    expect(schedule.monitoredByDefault).toBe(monitored);
  });

  it.each(['0 */5 * * *', 'every minute', '0 0 25 * * *'])('when the schedule is %j, then it is a configuration error', (expression) => {
    expect(() => parseTimerSchedule(expression, 'fn')).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });
});

describe('timer runs and schedule status', () => {
  const everyMinute = parseTimerSchedule('0 * * * * *', 'fn');
  const armedFor = { last: at('2030-01-01T00:00:00Z'), next: at('2030-01-01T00:01:00Z'), lastUpdated: at('2030-01-01T00:00:00Z') };

  it.each([
    ['on time', '2030-01-01T00:01:00.050Z', false],
    ['a little late', '2030-01-01T00:01:00.900Z', false],
    ['after the process was busy for 30 s', '2030-01-01T00:01:30Z', true],
  ])('when a run starts %s, then isPastDue is %s', (_label, now, pastDue) => {
    expect(classifyRun(armedFor, at(now)).isPastDue).toBe(pastDue);
  });

  it('when a scheduled run fires slightly early, then it counts from its scheduled time so it never repeats', () => {
    const status = advanceStatus(everyMinute, armedFor, at('2030-01-01T00:00:59.990Z'), true);
    expect(status.last).toEqual(at('2030-01-01T00:01:00Z'));
    expect(status.next).toEqual(at('2030-01-01T00:02:00Z'));
  });

  it('when a run overran three occurrences, then the next occurrence is the one after it started: one catch-up, no backlog', () => {
    const started = at('2030-01-01T00:01:00Z');
    const status = advanceStatus(everyMinute, armedFor, started, true);
    expect(status.next).toEqual(at('2030-01-01T00:02:00Z'));
    // The run ended at 00:04:10; the catch-up starts then and is past due; after it the schedule is current again.
    const catchUp = at('2030-01-01T00:04:10Z');
    expect(classifyRun(status, catchUp).isPastDue).toBe(true);
    expect(advanceStatus(everyMinute, status, catchUp, false).next).toEqual(at('2030-01-01T00:05:00Z'));
  });

  it('when the host builds the trigger payload, then it has the .NET TimerInfo shape the library camel-cases', () => {
    const payload = timerTriggerPayload({ last: undefined, next: at('2030-01-01T00:01:00Z'), lastUpdated: undefined }, false);
    expect(payload).toEqual({
      Schedule: { AdjustForDST: true },
      ScheduleStatus: { Last: '0001-01-01T00:00:00', Next: dotNetLocalTime(at('2030-01-01T00:01:00Z')), LastUpdated: '0001-01-01T00:00:00' },
      IsPastDue: false,
    });
    expect(timerTriggerPayload(undefined, true)).toEqual({ Schedule: { AdjustForDST: true }, ScheduleStatus: null, IsPastDue: true });
  });

  it('when a time is formatted for .NET, then it is local time with its offset and names the same instant', () => {
    const text = dotNetLocalTime(at('2030-06-01T12:34:56.789Z'));
    expect(text).toMatch(/^2030-06-0\dT\d{2}:\d{2}:56\.789[+-]\d{2}:\d{2}$/);
    expect(new Date(text).toISOString()).toBe('2030-06-01T12:34:56.789Z');
  });
});
