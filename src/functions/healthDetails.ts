import { app, type HttpResponseInit } from '@azure/functions';
import type { ScopePermissions } from '../core/permissions/assessPermissions';
import type { PollerHealth } from '../app/monitoring/pollerHealth';
import { pollerHealthService } from '../composition/monitoringServices';
import { permissionServices } from '../composition/remediationDeps';
import { json, withErrors } from './http/httpErrors';

/**
 * GET /api/health/details (function key): the permission check of every configured scope, the same answer the
 * app logged once at its first use (`status` is `degraded` when a scope lacks something), and whether the poller
 * keeps up (`lastCompletedCycleAt`, `pollerOverdue`). `tunnelwatch doctor` prints both.
 */
export function healthDetailsHandler(permissions: () => Promise<readonly ScopePermissions[]>, poller?: () => Promise<PollerHealth>) {
  return withErrors(async (): Promise<HttpResponseInit> => {
    const [report, pollerHealth] = await Promise.all([permissions(), poller?.()]);
    return json(200, { status: report.every((p) => p.ok) ? 'ok' : 'degraded', ...pollerHealth, permissions: report });
  });
}

app.http('healthDetails', {
  route: 'health/details',
  methods: ['GET'],
  authLevel: 'function',
  handler: healthDetailsHandler(permissionServices, async () => (await pollerHealthService())()),
});
