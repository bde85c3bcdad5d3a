import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { TokenValidator } from '../../app/remediation/remediationPorts';
import { TunnelwatchError } from '../../core/errors';

export interface EntraTokenOptions {
  readonly tenantId: string;
  readonly audience: string;
  /** App role the token must carry in `roles` (Azure Monitor's secure webhook sends the role assigned to it). */
  readonly role: string;
  /** Signing keys; default: the tenant's JWKS. Tests pass locally generated keys. */
  readonly keys?: JWTVerifyGetKey;
}

/**
 * Validates Azure Monitor secure-webhook bearer tokens: RS256 signature by the tenant's keys, issuer of that tenant
 * (v2 login.microsoftonline.com or v1 sts.windows.net, tenant compared case-insensitively), the configured audience,
 * a lifetime (exp and iat required), and the app role.
 */
export function createEntraTokenValidator(options: EntraTokenOptions): TokenValidator {
  // jose is ESM-only: loaded on first use (and its remote key set cached for the process).
  const jose = import('jose');
  const keys = jose.then(
    (j) =>
      options.keys ??
      j.createRemoteJWKSet(
        new URL(`https://login.microsoftonline.com/${options.tenantId}/discovery/v2.0/keys`),
      ),
  );
  // GUIDs compare case-insensitively: an upper-case tenant setting must not refuse every genuine token.
  const tenant = options.tenantId.toLowerCase();
  const issuers = [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`];
  return {
    validate: async (authorization) => {
      const token = /^Bearer\s+([A-Za-z0-9_.-]+)$/i.exec(authorization?.trim() ?? '')?.[1];
      if (!token) throw new TunnelwatchError('REQUEST.UNAUTHORIZED', 'a bearer token is required');
      let roles: unknown;
      const { jwtVerify, errors } = await jose;
      try {
        // exp and iat are required: a token without a lifetime would otherwise be accepted forever.
        const { payload } = await jwtVerify(token, await keys, {
          audience: options.audience,
          algorithms: ['RS256'],
          clockTolerance: 60,
          requiredClaims: ['exp', 'iat'],
        });
        if (typeof payload.iss !== 'string' || !issuers.includes(payload.iss.toLowerCase()))
          throw new errors.JWTClaimValidationFailed(
            'unexpected "iss" claim value',
            payload,
            'iss',
            'check_failed',
          );
        roles = payload.roles;
      } catch (thrown) {
        const reason = thrown instanceof errors.JOSEError ? thrown.code : 'unverifiable';
        throw new TunnelwatchError('REQUEST.UNAUTHORIZED', `invalid bearer token: ${reason}`);
      }
      if (!Array.isArray(roles) || !roles.includes(options.role)) {
        throw new TunnelwatchError(
          'REQUEST.FORBIDDEN',
          `the token does not carry the app role '${options.role}'`,
        );
      }
    },
  };
}
