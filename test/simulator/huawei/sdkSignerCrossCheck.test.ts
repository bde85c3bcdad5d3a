import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_HUAWEI_ACCESS_KEY, SIM_HUAWEI_SECRET_KEY, type SimulatorHandle } from '../../../src/simulator';
import { sendHttps } from '../simHttp';
import { PROJECT, startHuaweiSim } from './huaweiFixture';

/** The simulator's verifier and Huawei's own SDK signer were written apart; each must accept what the other produces. */
describe("the simulator accepts requests signed by Huawei's SDK signer", () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    // The SDK signs with the real clock: by default the simulator holds X-Sdk-Date against the real clock, whatever `now` says.
    ({ sim } = await startHuaweiSim({ huaweiSignatureNow: undefined, huaweiBucket: { burst: 100, refillPerSecond: 100 } }));
  });
  afterAll(() => sim.stop());

  const credential = (secretKey: string): ICredential =>
    ({ getAk: () => SIM_HUAWEI_ACCESS_KEY, getSk: () => secretKey }) as unknown as ICredential;

  async function sdkSigned(method: string, path: string, query: Record<string, string>, secretKey: string, data?: unknown) {
    const url = new URL(path, sim.url);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const headers = { 'X-Project-Id': PROJECT, ...(data === undefined ? {} : { 'Content-Type': 'application/json' }) };
    const signed = AKSKSigner.sign({ method, endpoint: `${sim.url}${path}`, queryParams: query, headers, data }, credential(secretKey)) as Record<string, string>;
    return sendHttps(sim, url, method, signed, data === undefined ? undefined : JSON.stringify(data));
  }

  it('a list with limit and marker, a GET and a POST reset with a JSON body', async () => {
    const page = await sdkSigned('GET', `/v5/${PROJECT}/vpn-connection`, { limit: '2' }, SIM_HUAWEI_SECRET_KEY);
    expect(page.status).toBe(200);
    const marker = page.json().page_info.next_marker as string;
    expect((await sdkSigned('GET', `/v5/${PROJECT}/vpn-connection`, { limit: '2', marker }, SIM_HUAWEI_SECRET_KEY)).status).toBe(200);
    expect((await sdkSigned('GET', `/v5/${PROJECT}/vpn-connection/${marker}`, {}, SIM_HUAWEI_SECRET_KEY)).status).toBe(200);
    expect((await sdkSigned('POST', `/v5/${PROJECT}/vpn-connection/${marker}/reset`, {}, SIM_HUAWEI_SECRET_KEY, {})).status).toBe(200);
  });

  it('the same request signed with another SK is refused with 401 APIGW.0301', async () => {
    const refused = await sdkSigned('GET', `/v5/${PROJECT}/vpn-connection`, { limit: '2' }, `${SIM_HUAWEI_SECRET_KEY}x`);
    expect([refused.status, refused.json().error_code]).toEqual([401, 'APIGW.0301']);
  });
});
