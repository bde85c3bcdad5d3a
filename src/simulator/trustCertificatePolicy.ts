import https from 'node:https';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export const trustCertificatePolicyName = 'trustCertificatePolicy';

/**
 * Makes one SDK client trust exactly the given CA / self-signed certificate (the simulator's), instead of
 * disabling TLS checks process-wide. Add it with `additionalPolicies: [{ policy, position: 'perCall' }]`.
 */
export function trustCertificatePolicy(certPem: string): PipelinePolicy {
  const agent = new https.Agent({ ca: certPem, keepAlive: true });
  return {
    name: trustCertificatePolicyName,
    sendRequest: (request, next) => {
      request.agent = agent;
      return next(request);
    },
  };
}
