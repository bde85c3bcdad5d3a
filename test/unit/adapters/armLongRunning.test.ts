import { describe, expect, it } from 'vitest';
import { startArmAction, trackArmOperation, type ArmSend } from '../../../src/adapters/arm/armLongRunning';

const BASE = 'https://management.azure.com/subscriptions/s1/providers/Microsoft.Network/locations/westeurope';
const ASYNC = `${BASE}/operations/op-1?api-version=2026-01-01`;
const LOCATION = `${BASE}/operationResults/op-1?api-version=2026-01-01`;
const POST_URL =
  'https://management.azure.com/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/connections/c1/resetconnection';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | Error;

/** A scripted ARM: answers in order, records every request (method + URL). */
function scriptedArm(answers: Answer[]): { send: ArmSend; sent: string[] } {
  const sent: string[] = [];
  const send: ArmSend = (_operation, request) => {
    sent.push(`${request.method} ${request.url}`);
    const next = answers.shift() ?? new Error('script exhausted');
    if (next instanceof Error) return Promise.reject(next);
    const headers = Object.fromEntries(
      Object.entries(next.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return Promise.resolve({
      status: next.status,
      header: (name) => headers[name.toLowerCase()],
      bodyAsText: next.body === undefined ? undefined : JSON.stringify(next.body),
    });
  };
  return { send, sent };
}

function virtualTime(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    slept,
  };
}

const accepted: Answer = {
  status: 202,
  headers: { 'Azure-AsyncOperation': ASYNC, Location: LOCATION, 'Retry-After': '10' },
};
const armError = (status: number, code: string): Answer => ({
  status,
  body: { error: { code, message: `${code} happened` } },
});
const socketHangUp = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

async function acceptedToken(): Promise<string> {
  const started = await startArmAction(
    scriptedArm([accepted]).send,
    'VirtualNetworkGatewayConnections_ResetConnection',
    'link',
    POST_URL,
  );
  if (started.outcome !== 'accepted') throw new Error('expected acceptance');
  return started.operationToken;
}

describe('startArmAction: what the answer to one POST means', () => {
  it.each<[string, Answer, string, boolean?]>([
    ['202 with both headers', accepted, 'accepted'],
    ['200 (synchronous)', { status: 200 }, 'accepted'],
    ['409 (another operation)', armError(409, 'AnotherOperationInProgress'), 'refused', true],
    [
      '429 RetryableErrorDueToAnotherOperation',
      armError(429, 'RetryableErrorDueToAnotherOperation'),
      'refused',
      true,
    ],
    ['429 throttled', armError(429, 'SubscriptionRequestsThrottled'), 'refused', true],
    ['403 AuthorizationFailed', armError(403, 'AuthorizationFailed'), 'refused', false],
    ['400 OperationNotSupported', armError(400, 'OperationNotSupported'), 'refused', false],
    ['500 (ARM may have acted)', armError(500, 'InternalServerError'), 'unknown'],
    ['a dropped socket (no answer)', socketHangUp, 'unknown'],
  ])('when ARM answers %s, then the start is %s', async (_name, answer, outcome, busy) => {
    const { send, sent } = scriptedArm([answer]);
    const started = await startArmAction(send, 'VpnLinkConnections_ResetConnection', 'link', POST_URL);
    expect(started.outcome).toBe(outcome);
    if (started.outcome === 'refused') expect(started.busy).toBe(busy);
    expect(sent).toEqual([`POST ${POST_URL}`]);
  });

  it('when ARM says busy with Retry-After, then the refusal carries it in milliseconds', async () => {
    const { send } = scriptedArm([
      {
        status: 429,
        headers: { 'Retry-After': '17' },
        body: { error: { code: 'RetryableErrorDueToAnotherOperation' } },
      },
    ]);
    expect(await startArmAction(send, 'VpnLinkConnections_ResetConnection', 'link', POST_URL)).toMatchObject({
      outcome: 'refused',
      busy: true,
      retryAfterMs: 17_000,
    });
  });
});

describe('trackArmOperation: status reads only, never the POST again', () => {
  it('when the Azure-AsyncOperation status goes InProgress → Succeeded, then it waits Retry-After between reads and succeeds', async () => {
    const token = await acceptedToken();
    const { send, sent } = scriptedArm([
      { status: 200, headers: { 'Retry-After': '10' }, body: { status: 'InProgress' } },
      { status: 200, body: { status: 'Succeeded' } },
    ]);
    const time = virtualTime();
    expect(await trackArmOperation(send, token, 300_000, { defaultPollMs: 60_000, ...time })).toEqual({
      state: 'succeeded',
    });
    expect(sent).toEqual([`GET ${ASYNC}`, `GET ${ASYNC}`]);
    expect(time.slept).toEqual([10_000]);
  });

  it('when ARM says Failed, then the progress is failed with its error code', async () => {
    const token = await acceptedToken();
    const { send } = scriptedArm([
      { status: 200, body: { status: 'Failed', error: { code: 'InternalServerError', message: 'boom' } } },
    ]);
    expect(await trackArmOperation(send, token, 300_000, { defaultPollMs: 1000, ...virtualTime() })).toEqual({
      state: 'failed',
      code: 'InternalServerError',
      message: 'boom',
    });
  });

  it.each<[string, Answer[], string]>([
    [
      '403 (status URL outside a resource-level role assignment)',
      [armError(403, 'AuthorizationFailed')],
      'ARM.FORBIDDEN',
    ],
    ['404', [armError(404, 'NotFound')], 'ARM.NOT_FOUND'],
    [
      '429 on every read',
      [armError(429, 'TooManyRequests'), armError(429, 'TooManyRequests'), armError(429, 'TooManyRequests')],
      'ARM.THROTTLED',
    ],
    [
      '500 on every read',
      [
        armError(500, 'InternalServerError'),
        armError(500, 'InternalServerError'),
        armError(500, 'InternalServerError'),
      ],
      'ARM.UNAVAILABLE',
    ],
    ['dropped sockets', [socketHangUp, socketHangUp, socketHangUp], 'ARM.TIMEOUT'],
  ])(
    'when the status read answers %s, then the outcome is unknown, not failed, and nothing is POSTed',
    async (_name, answers, code) => {
      const token = await acceptedToken();
      const reads = answers.length;
      const { send, sent } = scriptedArm([...answers]);
      const progress = await trackArmOperation(send, token, 300_000, {
        defaultPollMs: 1000,
        ...virtualTime(),
      });
      expect(progress).toMatchObject({ state: 'unknown', code });
      expect(sent.every((line) => line.startsWith('GET '))).toBe(true);
      expect(sent).toHaveLength(reads);
    },
  );

  it('when one read is throttled and the next succeeds, then the operation is still tracked to its end', async () => {
    const token = await acceptedToken();
    const { send } = scriptedArm([
      armError(429, 'TooManyRequests'),
      { status: 200, body: { status: 'Succeeded' } },
    ]);
    expect(await trackArmOperation(send, token, 300_000, { defaultPollMs: 1000, ...virtualTime() })).toEqual({
      state: 'succeeded',
    });
  });

  it('when the operation outlasts the bound, then it is reported running with the same resumable token', async () => {
    const token = await acceptedToken();
    const running = { status: 200, headers: { 'Retry-After': '10' }, body: { status: 'InProgress' } };
    const { send } = scriptedArm([running, running, running, running]);
    expect(await trackArmOperation(send, token, 25_000, { defaultPollMs: 1000, ...virtualTime() })).toEqual({
      state: 'running',
      resumeToken: token,
    });
  });

  it('when only Location is given, then 202 means running and 204 means done', async () => {
    const started = await startArmAction(
      scriptedArm([{ status: 202, headers: { Location: LOCATION } }]).send,
      'VpnLinkConnections_ResetConnection',
      'link',
      POST_URL,
    );
    if (started.outcome !== 'accepted') throw new Error('expected acceptance');
    const { send, sent } = scriptedArm([
      { status: 202, headers: { Location: LOCATION, 'Retry-After': '10' } },
      { status: 204 },
    ]);
    expect(
      await trackArmOperation(send, started.operationToken, 300_000, {
        defaultPollMs: 1000,
        ...virtualTime(),
      }),
    ).toEqual({ state: 'succeeded' });
    expect(sent).toEqual([`GET ${LOCATION}`, `GET ${LOCATION}`]);
  });
});
