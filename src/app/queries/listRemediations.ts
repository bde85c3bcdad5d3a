import { decodeContinuationToken, encodeContinuationToken } from '../../core/queries/continuationToken';
import type { RemediationsQuery } from '../../core/queries/parseRemediationsQuery';
import { badToken } from './queryErrors';
import type { AuditRecord, QueryDeps } from './queryPorts';

export interface RemediationsPage {
  readonly from: string;
  readonly to: string;
  readonly items: readonly AuditRecord[];
  readonly continuationToken?: string;
}

/**
 * The audit log, newest first as the store serves it. The store's own continuation (Table keys) is wrapped in a
 * signed token bound to the filters, so clients cannot steer the Table query anywhere else.
 */
export async function listRemediations(deps: Pick<QueryDeps, 'audit' | 'sign'>, query: RemediationsQuery): Promise<RemediationsPage> {
  const scope = `remediations|${query.from}|${query.to}|${query.linkKey ?? ''}|${query.outcome ?? ''}`;
  let storeToken: string | undefined;
  if (query.continuationToken !== undefined) {
    const t = decodeContinuationToken(query.continuationToken, scope, deps.sign)?.t;
    if (typeof t !== 'string') throw badToken();
    storeToken = t;
  }
  const page = await deps.audit.list({
    from: query.from,
    to: query.to,
    linkKey: query.linkKey,
    outcome: query.outcome,
    top: query.top,
    continuationToken: storeToken,
  });
  return {
    from: query.from,
    to: query.to,
    items: page.items,
    ...(page.continuationToken !== undefined && { continuationToken: encodeContinuationToken({ t: page.continuationToken }, scope, deps.sign) }),
  };
}
