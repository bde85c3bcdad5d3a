import { describe, expect, it } from 'vitest';
import { toArmError } from '../../../src/adapters/arm/armErrors';
import { summarizeIkeSas } from '../../../src/adapters/arm/summarizeIkeSas';

const SECRET = 'Zq9-very-secret-psk';

/** What @azure/core-client throws when a body does not parse: the raw body is part of the message. */
function parseError(body: string): Error {
  return Object.assign(
    new Error(
      `Error "Unexpected token } in JSON at position 40" occurred while parsing the response body - ${body}.`,
    ),
    { name: 'RestError', code: 'PARSE_ERROR', statusCode: 200 },
  );
}

describe('ARM error text never carries a response body', () => {
  it('when the SDK cannot parse a body holding a sharedKey, then the mapped error keeps status and code but not the body', () => {
    const error = toArmError(
      parseError(`{"properties":{"sharedKey":"${SECRET}","connectionStatus":"Conn`),
      'VirtualNetworkGatewayConnections_Get',
    );
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('sharedKey');
    expect(error.message).toContain('VirtualNetworkGatewayConnections_Get: 200 PARSE_ERROR');
    expect(error.message).toContain('[response body redacted]');
  });

  it('when the JSON parser quotes the body in its own message, then that quote is cut too', () => {
    const error = toArmError(
      Object.assign(new Error(`Unexpected token 'x', "{"sharedKey":"${SECRET}"x" is not valid JSON`), {
        statusCode: 200,
        code: 'PARSE_ERROR',
      }),
      'VpnGateways_Get',
    );
    expect(error.message).not.toContain(SECRET);
  });

  it('when ARM explains a failure in words, then the explanation stays (it helps the operator)', () => {
    const error = toArmError(
      Object.assign(
        new Error(
          "The Resource 'Microsoft.Network/vpnGateways/gw1' under resource group 'rg' was not found.",
        ),
        { statusCode: 404, code: 'ResourceNotFound' },
      ),
      'VpnGateways_Get',
    );
    expect(error.message).toBe(
      "VpnGateways_Get: 404 ResourceNotFound The Resource 'Microsoft.Network/vpnGateways/gw1' under resource group 'rg' was not found.",
    );
    expect(error.code).toBe('ARM.NOT_FOUND');
  });
});

describe('GetIkeSas evidence keeps allow-listed fields only', () => {
  it('when the result carries fields nobody listed (key material under any name), then only the listed IKE fields remain', () => {
    const sa = {
      localEndpoint: '203.0.113.10',
      remoteEndpoint: '198.51.100.20',
      ikeVersion: 'IKEv2',
      state: 'Established',
      skeyseed: SECRET,
      preSharedMaterial: SECRET,
      quickModeSa: [{ encryption: 'GCMAES256', spiIn: SECRET }],
    };
    const summary = summarizeIkeSas(JSON.stringify(JSON.stringify({ Status: 'Successful', Data: [sa] })));
    expect(summary).not.toContain(SECRET);
    expect(JSON.parse(summary)).toEqual({
      Status: 'Successful',
      Data: [
        {
          localEndpoint: '203.0.113.10',
          remoteEndpoint: '198.51.100.20',
          ikeVersion: 'IKEv2',
          state: 'Established',
          quickModeSa: [{ encryption: 'GCMAES256' }],
        },
      ],
    });
  });

  it('when the result is not JSON, then it is withheld rather than copied', () => {
    expect(summarizeIkeSas(`sharedKey=${SECRET}`)).toBe('unparsed result withheld (29 characters)');
  });
});
