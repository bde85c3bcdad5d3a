import { NetworkManagementClient, type NetworkManagementClientOptionalParams } from '@azure/arm-network';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { trustCertificatePolicy } from '../../src/simulator';

/** The simulator only checks that a bearer token is present; this one never expires. */
export const testTokenCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'simulator-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export interface SimulatorClientOptions extends NetworkManagementClientOptionalParams {
  /** Strip the Authorization header after signing (to see the simulator's 401 through the SDK). */
  readonly anonymous?: boolean;
}

/**
 * The real NetworkManagementClient pointed at a running simulator, trusting exactly its certificate.
 * Retries are fast so fault tests stay quick; pass `retryOptions` to change that.
 */
export function createSimulatorNetworkClient(
  sim: { readonly url: string; readonly certPem: string },
  subscriptionId: string,
  options: SimulatorClientOptions = {},
): NetworkManagementClient {
  const { anonymous, ...clientOptions } = options;
  const client = new NetworkManagementClient(testTokenCredential, subscriptionId, {
    endpoint: sim.url,
    $host: sim.url,
    retryOptions: { maxRetries: 3, retryDelayInMs: 20, maxRetryDelayInMs: 200 },
    ...clientOptions,
    additionalPolicies: [
      { policy: trustCertificatePolicy(sim.certPem), position: 'perCall' },
      ...(clientOptions.additionalPolicies ?? []),
    ],
  });
  if (anonymous) {
    client.pipeline.addPolicy(
      { name: 'dropAuthorization', sendRequest: (request, next) => (request.headers.delete('authorization'), next(request)) },
      { afterPhase: 'Sign' },
    );
  }
  return client;
}
