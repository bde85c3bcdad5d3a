import { app, type HttpResponseInit } from '@azure/functions';
import type { ScopePermissions } from '../core/permissions/assessPermissions';
import { permissionServices } from '../composition/remediationDeps';
import { json, withErrors } from './http/httpErrors';

/**
 * GET /api/health/details (function key): the permission check of every configured scope, the same answer the
 * app logged once at its first use; `status` is `degraded` when a scope lacks something. `tunnelwatch doctor` prints it.
 */
export function healthDetailsHandler(permissions: () => Promise<readonly ScopePermissions[]>) {
  return withErrors(async (): Promise<HttpResponseInit> => {
    const report = await permissions();
    return json(200, { status: report.every((p) => p.ok) ? 'ok' : 'degraded', permissions: report });
  });
}

app.http('healthDetails', {
  route: 'health/details',
  methods: ['GET'],
  authLevel: 'function',
  handler: healthDetailsHandler(permissionServices),
});
