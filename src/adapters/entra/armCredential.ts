import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type { Config } from '../../config/loadConfig';

/**
 * How ARM requests are signed: the app's managed identity (AZURE_CLIENT_ID) or the developer's login through
 * DefaultAzureCredential; against the local simulator, the static development token (loadConfig only accepts
 * one together with the simulator's pinned certificate).
 */
export function armCredential(config: Config): TokenCredential {
  if (config.armDevToken) return staticToken(config.armDevToken);
  return new DefaultAzureCredential(process.env.AZURE_CLIENT_ID ? { managedIdentityClientId: process.env.AZURE_CLIENT_ID } : {});
}

function staticToken(token: string): TokenCredential {
  return { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}
