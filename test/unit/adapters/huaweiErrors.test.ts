import { describe, expect, it } from 'vitest';
import { huaweiAnswerError, isHuaweiBusy, parseHuaweiErrorBody } from '../../../src/adapters/huawei/huaweiErrors';

describe('Huawei error bodies', () => {
  it.each<[string, unknown, object]>([
    // VPN API reference, "Error Codes": the VPN service's own shape.
    ['the VPN service', { code: 'VPN.0004', message: 'resource not found' }, { code: 'VPN.0004', message: 'resource not found' }],
    // API gateway errors (signature, throttling, unknown API).
    ['the API gateway', { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached', request_id: '9f0b2f6a1c' }, { code: 'APIGW.0308', message: 'The throttling threshold has been reached', requestId: '9f0b2f6a1c' }],
    // The shape Huawei's SDKs also accept.
    ['the nested SDK', { error: { code: 'VPN.0001', message: 'invalid request: limit' } }, { code: 'VPN.0001', message: 'invalid request: limit' }],
  ])('reads the error shape of %s', (_, body, expected) => {
    expect(parseHuaweiErrorBody(body)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an HTML page from a proxy (not JSON, so no object)', '<html><body>502 Bad Gateway secret-token-abc</body></html>'],
    ['an object of another shape', { fault: { faultstring: 'secret-token-abc' } }],
    ['a code that is not a word', { code: 'VPN 0001; drop table', message: 42 }],
  ])('when the body is %s, then the error carries the HTTP status only, never the body', (_, body) => {
    const error = huaweiAnswerError('Huawei_ListVpnConnections', 502, body);
    expect(error.code).toBe('HUAWEI.UNAVAILABLE');
    expect(error.message).toBe('Huawei_ListVpnConnections: 502');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('secret-token-abc');
  });

  it('maps each shape to its stable code with the status and Huawei code in the message', () => {
    const vpn = huaweiAnswerError('Huawei_ShowVpnConnection', 404, { code: 'VPN.0004', message: 'resource not found' });
    expect([vpn.code, vpn.transient, vpn.message]).toEqual(['HUAWEI.NOT_FOUND', false, 'Huawei_ShowVpnConnection: 404 VPN.0004 resource not found']);
    const apigw = huaweiAnswerError('Huawei_ListVpnGateways', 403, { error_code: 'APIGW.0302', error_msg: 'The IAM user is not authorized', request_id: 'abc' });
    expect([apigw.code, apigw.details]).toEqual(['HUAWEI.FORBIDDEN', { status: 403, huaweiCode: 'APIGW.0302', requestId: 'abc' }]);
  });

  it('reads 400 VPN.0030 and VPN.0031 as busy (transient) and any other 400 as a refusal', () => {
    expect(isHuaweiBusy(400, { code: 'VPN.0030', message: 'The system is busy, please try later.' })).toBe(true);
    expect(isHuaweiBusy(400, { error_code: 'VPN.0031', error_msg: 'Repeated operation.' })).toBe(true);
    expect(isHuaweiBusy(400, { error: { code: 'VPN.0030', message: 'busy' } })).toBe(true);
    expect(isHuaweiBusy(400, { code: 'VPN.0001', message: 'invalid request' })).toBe(false);
    expect(isHuaweiBusy(500, { code: 'VPN.0030', message: 'busy' })).toBe(false);
    const busy = huaweiAnswerError('Huawei_ResetVpnConnection', 400, { code: 'VPN.0030', message: 'The system is busy, please try later.' });
    expect([busy.code, busy.transient]).toEqual(['HUAWEI.BUSY', true]);
    const refused = huaweiAnswerError('Huawei_ResetVpnConnection', 400, { code: 'VPN.0001', message: 'invalid request' });
    expect([refused.code, refused.transient]).toEqual(['HUAWEI.BAD_RESPONSE', false]);
  });

  it('never carries an access key the gateway names in a 401 message', () => {
    const error = huaweiAnswerError('Huawei_ListVpnConnections', 401, { error_code: 'APIGW.0301', error_msg: 'Get secretKey failed,ak:TWSIMHUAWEIAK0000001,err:ak not exist' });
    expect(error.code).toBe('HUAWEI.UNAUTHORIZED');
    expect(error.message).not.toContain('TWSIMHUAWEIAK0000001');
    expect(error.message).toContain('ak:[redacted]');
  });
});
