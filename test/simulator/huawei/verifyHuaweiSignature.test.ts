import { describe, expect, it } from 'vitest';
import {
  huaweiCanonicalRequest,
  huaweiSignature,
  huaweiStringToSign,
  verifyHuaweiSignature,
} from '../../../src/simulator/huawei/verifyHuaweiSignature';
import { createHash } from 'node:crypto';

/**
 * The worked example of Huawei's "API Request Signing Guide" (AK/SK signing and authentication algorithm):
 * GET https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-…,
 * content-type application/json, X-Sdk-Date 20191115T033655Z, AK QTWAOYTTINDUT2QVKYUC,
 * SK MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc. The guide publishes the hashed canonical request and the signature.
 */
const PUBLISHED = {
  accessKey: 'QTWAOYTTINDUT2QVKYUC',
  secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
  date: '20191115T033655Z',
  signedAt: Date.UTC(2019, 10, 15, 3, 36, 55),
  hashedCanonicalRequest: 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
  signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};
const SIGNED_HEADERS = 'content-type;host;x-sdk-date';

function publishedRequest(overrides: { url?: string; authorization?: string; date?: string } = {}) {
  return {
    method: 'GET',
    url: overrides.url ?? '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2',
    headers: {
      'content-type': 'application/json',
      host: 'service.region.example.com',
      'x-sdk-date': overrides.date ?? PUBLISHED.date,
      authorization:
        overrides.authorization ??
        `SDK-HMAC-SHA256 Access=${PUBLISHED.accessKey}, SignedHeaders=${SIGNED_HEADERS}, Signature=${PUBLISHED.signature}`,
    },
    body: Buffer.alloc(0),
  };
}
const credentials = [{ accessKey: PUBLISHED.accessKey, secretKey: PUBLISHED.secretKey }];

describe("the simulator's Huawei AK/SK verifier", () => {
  it("rebuilds the signing guide's canonical request (query sorted, URI ending in '/') and its published hash and signature", () => {
    const canonical = huaweiCanonicalRequest(publishedRequest(), SIGNED_HEADERS.split(';'))!;
    expect(canonical.split('\n').slice(0, 3)).toEqual(['GET', '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/', 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0']);
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(PUBLISHED.hashedCanonicalRequest);
    expect(huaweiSignature(PUBLISHED.secretKey, huaweiStringToSign(PUBLISHED.date, canonical))).toBe(PUBLISHED.signature);
  });

  it('accepts the published request within 15 minutes of its X-Sdk-Date', () => {
    expect(verifyHuaweiSignature(publishedRequest(), credentials, PUBLISHED.signedAt + 14 * 60_000)).toEqual({ ok: true, accessKey: PUBLISHED.accessKey });
  });

  it('refuses it 15 minutes and a second later, or with another SK, or for an unknown AK', () => {
    expect(verifyHuaweiSignature(publishedRequest(), credentials, PUBLISHED.signedAt + 15 * 60_000 + 1000)).toEqual({ ok: false, message: 'signature expired' });
    expect(verifyHuaweiSignature(publishedRequest(), credentials, PUBLISHED.signedAt - 16 * 60_000)).toMatchObject({ ok: false });
    const otherSk = [{ accessKey: PUBLISHED.accessKey, secretKey: `${PUBLISHED.secretKey}x` }];
    expect(verifyHuaweiSignature(publishedRequest(), otherSk, PUBLISHED.signedAt)).toEqual({ ok: false, message: 'verify aksk signature fail' });
    const unknown = [{ accessKey: 'SOMEONEELSE', secretKey: PUBLISHED.secretKey }];
    expect(verifyHuaweiSignature(publishedRequest(), unknown, PUBLISHED.signedAt)).toMatchObject({ ok: false, message: expect.stringContaining('ak not exist') });
  });

  it.each([
    ['a changed query', { url: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=3&marker=13551d6b-755d-4757-b956-536f674975c0' }],
    ['a changed path', { url: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/subnets?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0' }],
    ['an X-Sdk-Date other than the signed one', { date: '20191115T033656Z' }],
    ['X-Sdk-Date left out of SignedHeaders', { authorization: `SDK-HMAC-SHA256 Access=${PUBLISHED.accessKey}, SignedHeaders=content-type;host, Signature=${PUBLISHED.signature}` }],
    ['another algorithm', { authorization: `SDK-HMAC-SHA1 Access=${PUBLISHED.accessKey}, SignedHeaders=${SIGNED_HEADERS}, Signature=${PUBLISHED.signature}` }],
    ['a signed header the request lacks', { authorization: `SDK-HMAC-SHA256 Access=${PUBLISHED.accessKey}, SignedHeaders=${SIGNED_HEADERS};x-project-id, Signature=${PUBLISHED.signature}` }],
  ])('refuses %s', (_what, overrides) => {
    expect(verifyHuaweiSignature(publishedRequest(overrides), credentials, PUBLISHED.signedAt)).toMatchObject({ ok: false });
  });

  it('refuses a request without Authorization', () => {
    const request = publishedRequest();
    const { authorization: _dropped, ...headers } = request.headers;
    expect(verifyHuaweiSignature({ ...request, headers }, credentials, PUBLISHED.signedAt)).toEqual({ ok: false, message: 'Authorization header is missing' });
  });

  it('hashes the body, unless X-Sdk-Content-Sha256 says UNSIGNED-PAYLOAD', () => {
    const request = { ...publishedRequest(), method: 'POST', body: Buffer.from('{"a":1}') };
    const withBody = huaweiCanonicalRequest(request, ['host', 'x-sdk-date'])!;
    expect(withBody.endsWith(createHash('sha256').update('{"a":1}').digest('hex'))).toBe(true);
    const unsigned = { ...request, headers: { ...request.headers, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' } };
    expect(huaweiCanonicalRequest(unsigned, ['host', 'x-sdk-date'])!.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });
});
