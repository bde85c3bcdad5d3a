import { beforeAll, describe, expect, it } from 'vitest';
import { createEntraTokenValidator } from '../../../src/adapters/entra/entraTokenValidator';
import type { TokenValidator } from '../../../src/app/remediation/remediationPorts';
import { buildLinkState } from '../../support/builders';
import { buildAlertHarness } from './support/alertHarness';

const TENANT = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = 'api://tunnelwatch-alerts';
const ROLE = 'ActionGroupsSecureWebhook';
// jose is ESM-only: load it the way the adapter does.
const jose = import('jose');
type Key = CryptoKey;

let signingKey: Key;
let strangerKey: Key;
let validator: TokenValidator;

beforeAll(async () => {
  const { createLocalJWKSet, exportJWK, generateKeyPair } = await jose;
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  validator = createEntraTokenValidator({
    tenantId: TENANT,
    audience: AUDIENCE,
    role: ROLE,
    keys: createLocalJWKSet({ keys: [jwk] }),
  });
});

async function token(
  overrides: {
    iss?: string;
    aud?: string;
    roles?: unknown;
    key?: Key;
    expiresIn?: string | null;
    issuedAt?: boolean;
  } = {},
): Promise<string> {
  const { SignJWT } = await jose;
  const jwt = new SignJWT({ roles: overrides.roles ?? [ROLE] })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(overrides.iss ?? `https://sts.windows.net/${TENANT}/`)
    .setAudience(overrides.aud ?? AUDIENCE);
  if (overrides.issuedAt !== false) jwt.setIssuedAt();
  if (overrides.expiresIn !== null) jwt.setExpirationTime(overrides.expiresIn ?? '10m');
  return jwt.sign(overrides.key ?? signingKey);
}

describe('Entra secure-webhook tokens', () => {
  it.each([
    ['a v1 token from the tenant', {}],
    ['a v2 token from the tenant', { iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }],
  ])('when %s carries the app role, then it is accepted', async (_name, overrides) => {
    await expect(validator.validate(`Bearer ${await token(overrides)}`)).resolves.toBeUndefined();
  });

  it.each([
    ['no header', async () => undefined, 'REQUEST.UNAUTHORIZED'],
    ['a Basic header', async () => 'Basic dXNlcjpwYXNz', 'REQUEST.UNAUTHORIZED'],
    [
      'another tenant',
      async () =>
        `Bearer ${await token({ iss: 'https://sts.windows.net/99999999-2222-3333-4444-555555555555/' })}`,
      'REQUEST.UNAUTHORIZED',
    ],
    [
      'another audience',
      async () => `Bearer ${await token({ aud: 'api://someone-else' })}`,
      'REQUEST.UNAUTHORIZED',
    ],
    [
      'a foreign signature',
      async () => `Bearer ${await token({ key: strangerKey })}`,
      'REQUEST.UNAUTHORIZED',
    ],
    ['an expired token', async () => `Bearer ${await token({ expiresIn: '-10m' })}`, 'REQUEST.UNAUTHORIZED'],
    ['no app role', async () => `Bearer ${await token({ roles: ['Reader'] })}`, 'REQUEST.FORBIDDEN'],
    ['a token without exp', async () => `Bearer ${await token({ expiresIn: null })}`, 'REQUEST.UNAUTHORIZED'],
    ['a token without iat', async () => `Bearer ${await token({ issuedAt: false })}`, 'REQUEST.UNAUTHORIZED'],
  ])('when the request has %s, then it is refused with %s', async (_name, header, code) => {
    await expect(validator.validate(await header())).rejects.toMatchObject({ code });
  });

  it('when the tenant setting is upper-case, then a genuine token of that tenant is still accepted', async () => {
    const { createLocalJWKSet, exportJWK, generateKeyPair } = await jose;
    const pair = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
    const hexTenant = 'abcdef01-abcd-4bcd-8bcd-abcdefabcdef';
    const upper = createEntraTokenValidator({
      tenantId: hexTenant.toUpperCase(),
      audience: AUDIENCE,
      role: ROLE,
      keys: createLocalJWKSet({ keys: [jwk] }),
    });
    await expect(
      upper.validate(
        `Bearer ${await token({ key: pair.privateKey, iss: `https://sts.windows.net/${hexTenant}/` })}`,
      ),
    ).resolves.toBeUndefined();
    await expect(
      upper.validate(
        `Bearer ${await token({ key: pair.privateKey, iss: `https://login.microsoftonline.com/${hexTenant}/v2.0` })}`,
      ),
    ).resolves.toBeUndefined();
    await expect(
      upper.validate(
        `Bearer ${await token({ key: pair.privateKey, iss: 'https://sts.windows.net/99999999-2222-3333-4444-555555555555/' })}`,
      ),
    ).rejects.toMatchObject({ code: 'REQUEST.UNAUTHORIZED' });
  });

  it('when the webhook requires tokens, then a missing one is 401, a role-less one 403 and a valid one gets the alert through', async () => {
    const h = buildAlertHarness([buildLinkState()], { tokenValidator: validator });
    const body = {
      schemaId: 'azureMonitorCommonAlertSchema',
      data: { essentials: { alertId: 'a', monitorCondition: 'Resolved' } },
    };
    expect((await h.post(body)).status).toBe(401);
    expect((await h.post(body, { authorization: `Bearer ${await token({ roles: [] })}` })).status).toBe(403);
    expect((await h.post(body, { authorization: `Bearer ${await token()}` })).status).toBe(200);
  });
});
