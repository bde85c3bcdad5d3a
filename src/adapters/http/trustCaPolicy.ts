import https from 'node:https';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** Trusts exactly the given PEM for one client's requests (the simulator's certificate), instead of disabling TLS checks. */
export function trustCaPolicy(caPem: string, name = 'tunnelwatchTrustCa'): PipelinePolicy {
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  return {
    name,
    sendRequest: (request, next) => {
      request.agent = agent;
      return next(request);
    },
  };
}
