import type { Timer } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { callsOf, recorder } from '../fixtures/hostApp/recorder';
import { fixture, startTestHost, waitFor, type TestHost } from './hostTestKit';

const ALL_TIMERS = ['tick', 'unmonitoredTick', 'startupTick', 'hourly', 'failingTick'];

/** Starts the timer fixture with only `enabled` timers on their schedule (the rest run only when invoked). */
async function startTimers(enabled: string[]): Promise<TestHost> {
  const disabled = Object.fromEntries(ALL_TIMERS.filter((n) => !enabled.includes(n)).map((n) => [`AzureWebJobs.${n}.Disabled`, 'true']));
  return startTestHost({ entryFiles: [fixture('timerApp.ts')], settings: { TICK_SCHEDULE: '*/1 * * * * *', ...disabled } });
}

const timerInput = (name: string, index: number): Timer => callsOf(name)[index]!.input as Timer;

describe('local host timer triggers', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    const state = recorder();
    state.calls.length = 0;
    state.maxActive.clear();
    state.delays.clear();
  });

  it('when the schedule comes from a %SETTING%, then the timer runs on it with the schedule status the host keeps', async () => {
    host = await startTimers(['tick']);
    await waitFor(() => callsOf('tick').length >= 2, 5000, 'two ticks');
    const [first, second] = [timerInput('tick', 0), timerInput('tick', 1)];
    expect(first).toEqual({ schedule: { adjustForDST: true }, scheduleStatus: { last: '0001-01-01T00:00:00', next: expect.any(String), lastUpdated: '0001-01-01T00:00:00' }, isPastDue: false });
    // Like the host, Last is the invocation time: the scheduled occurrence, or a little later when the process was busy.
    const lateByMs = new Date(second.scheduleStatus.last).getTime() - new Date(first.scheduleStatus.next).getTime();
    expect(lateByMs).toBeGreaterThanOrEqual(0);
    expect(lateByMs).toBeLessThan(500);
    const next = new Date(second.scheduleStatus.next);
    expect(next.getUTCMilliseconds()).toBe(0);
    expect(next.getTime() - new Date(second.scheduleStatus.last).getTime()).toBeGreaterThan(0);
    expect(next.getTime() - new Date(second.scheduleStatus.last).getTime()).toBeLessThanOrEqual(1000);
  });

  it('when a sub-minute timer does not ask for the monitor, then it gets no schedule status', async () => {
    host = await startTimers(['unmonitoredTick']);
    await waitFor(() => callsOf('unmonitoredTick').length >= 1, 3000, 'a tick');
    expect(timerInput('unmonitoredTick', 0)).toEqual({ schedule: { adjustForDST: true }, scheduleStatus: null, isPastDue: false });
  });

  it('when a timer has runOnStartup, then it runs as the host starts though its schedule is a year away', async () => {
    host = await startTimers(['startupTick']);
    await waitFor(() => callsOf('startupTick').length === 1, 3000, 'the startup run');
    expect(timerInput('startupTick', 0).isPastDue).toBe(false);
  });

  it('when a run outlasts several occurrences, then runs never overlap and one past-due catch-up follows, not a backlog', async () => {
    recorder().delays.set('tick', [2600]);
    host = await startTimers(['tick']);
    await waitFor(() => callsOf('tick').length >= 3, 7000, 'three ticks');
    const [slow, catchUp, next] = callsOf('tick');
    expect(recorder().maxActive.get('tick')).toBe(1);
    expect(catchUp!.startedAt - slow!.endedAt!).toBeLessThan(500);
    expect((catchUp!.input as Timer).isPastDue).toBe(true);
    expect((next!.input as Timer).isPastDue).toBe(false);
    expect(next!.startedAt - catchUp!.startedAt).toBeGreaterThan(300);
  });

  it('when a timer is invoked by hand, then it runs once, and a second invoke during that run is skipped', async () => {
    recorder().delays.set('hourly', [400]);
    host = await startTimers([]);
    const [first, second] = await Promise.all([host.invokeTimer('hourly'), host.invokeTimer('hourly')]);
    expect([first.status, second.status]).toEqual(['ran', 'skipped']);
    expect(callsOf('hourly')).toHaveLength(1);
    await expect(host.invokeTimer('nope')).rejects.toMatchObject({ code: 'CONFIG.INVALID' });
  });

  it('when a timer function throws, then the failure is logged with its invocation id and the schedule goes on', async () => {
    host = await startTimers(['failingTick']);
    await waitFor(() => callsOf('failingTick').length >= 2, 5000, 'two failing ticks');
    const { invocationId } = callsOf('failingTick')[0]!;
    expect(host.lines.some((line) => line.includes(`Functions.failingTick (Id=${invocationId}) Executed (Failed`) && line.includes('timer failed on purpose'))).toBe(true);
  });

  it('when the host stops, then no timer runs afterwards', async () => {
    host = await startTimers(['unmonitoredTick']);
    await waitFor(() => callsOf('unmonitoredTick').length >= 1, 3000, 'a tick');
    await host.stop();
    const count = callsOf('unmonitoredTick').length;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(callsOf('unmonitoredTick')).toHaveLength(count);
  });
});
