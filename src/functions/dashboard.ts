import { app, type HttpResponseInit } from '@azure/functions';
import { dashboardContentSecurityPolicy, dashboardPage } from '../dashboard/dashboardPage';

/** GET /api/dashboard: the operators' page (function key via ?code= on first load, then x-functions-key). */
export async function dashboardHandler(): Promise<HttpResponseInit> {
  return {
    status: 200,
    body: dashboardPage(),
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': dashboardContentSecurityPolicy(),
    },
  };
}

app.http('dashboard', {
  route: 'dashboard',
  methods: ['GET'],
  authLevel: 'function',
  handler: dashboardHandler,
});
