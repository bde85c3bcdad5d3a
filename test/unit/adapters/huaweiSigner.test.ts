import { describe, expect, it } from 'vitest';
import { huaweiSdkDate, signHuaweiRequest } from '../../../src/adapters/huawei/huaweiSigner';
import { documentedSignature, sha256 } from './huaweiDocumentedSignature';

/**
 * Huawei's published AK/SK signing example (API Signing Guide, "AK/SK Signing and Authentication Algorithm":
 * support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-002.html … -005.html): a VPC list request,
 * its hashed canonical request, the string to sign and the resulting Authorization header.
 */
const PUBLISHED = {
  url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  date: '20191115T033655Z',
  accessKey: 'QTWAOYTTINDUT2QVKYUC',
  secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
  hashedCanonicalRequest: 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
  authorization:
    'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};

describe('signHuaweiRequest', () => {
  it("reproduces Huawei's published signing example exactly", () => {
    const signed = signHuaweiRequest({
      method: 'GET',
      url: PUBLISHED.url,
      headers: { 'content-type': 'application/json' },
      accessKey: PUBLISHED.accessKey,
      secretKey: PUBLISHED.secretKey,
      now: new Date('2019-11-15T03:36:55Z'),
    });
    expect(signed.headers.Authorization).toBe(PUBLISHED.authorization);
    expect(signed.headers['X-Sdk-Date']).toBe(PUBLISHED.date);
    expect(signed.headers.host).toBe('service.region.example.com');
    expect(signed.body).toBeUndefined();
    // The independent implementation agrees on the published intermediate value too.
    const independent = documentedSignature({ method: 'GET', url: new URL(PUBLISHED.url), headers: { 'content-type': 'application/json', host: 'service.region.example.com', 'X-Sdk-Date': PUBLISHED.date }, body: '' }, PUBLISHED.secretKey);
    expect(sha256(independent.canonical)).toBe(PUBLISHED.hashedCanonicalRequest);
  });

  it('signs the query taken from the URL, the extra headers and the exact body bytes it returns', () => {
    const url = 'https://127.0.0.1:8443/v5/0605767b/vpn-connection/abc/reset?limit=10&marker=a%20b';
    const signed = signHuaweiRequest({
      method: 'POST',
      url,
      headers: { 'X-Project-Id': '0605767b', 'content-type': 'application/json' },
      body: { reason: 'stuck', n: 1 },
      accessKey: 'AK1',
      secretKey: 'sk-secret',
      now: new Date('2026-11-26T17:40:01.234Z'),
    });
    expect(signed.body).toBe('{"reason":"stuck","n":1}');
    expect(signed.headers.host).toBe('127.0.0.1:8443');
    const { Authorization: authorization, ...sent } = signed.headers;
    const expected = documentedSignature({ method: 'POST', url: new URL(url), headers: sent, body: signed.body! }, 'sk-secret');
    expect(authorization).toBe(`SDK-HMAC-SHA256 Access=AK1, SignedHeaders=${expected.signedHeaders}, Signature=${expected.signature}`);
    expect(expected.signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date');
  });

  it('never returns the secret key in any header', () => {
    const signed = signHuaweiRequest({ method: 'GET', url: 'https://vpn.example/v5/p/vpn-connection', accessKey: 'AK', secretKey: 'TOP-SECRET-SK', now: new Date(0) });
    expect(JSON.stringify(signed)).not.toContain('TOP-SECRET-SK');
  });

  it('formats X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(huaweiSdkDate(new Date('2026-01-02T03:04:05.999Z'))).toBe('20260102T030405Z');
  });
});
