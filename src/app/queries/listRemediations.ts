import { QUERY_LIMITS } from '../../core/queries/queryLimits';
import type { RemediationsQuery } from '../../core/queries/parseRemediationsQuery';
import { badToken } from './queryErrors';
import { issueToken, readToken } from './keysetPage';
import { resolveLink } from './resolveLink';
import { withLinkNames } from './withLinkNames';
import type { AuditRecord, QueryDeps } from './queryPorts';

export interface RemediationsPage {
  readonly from: string;
  readonly to: string;
  readonly items: readonly AuditRecord[];
  readonly continuationToken?: string;
}

/**
 * The audit log, newest first as the store serves it (rows about Huawei links named, see withLinkNames). The store's own continuation (Table keys) is wrapped in a
 * signed token bound to the filters, so clients cannot steer the Table query anywhere else.
 */
export async function listRemediations(
  deps: Pick<QueryDeps, 'audit' | 'sign' | 'links'>,
  query: RemediationsQuery,
): Promise<RemediationsPage> {
  const linkKey =
    query.linkName === undefined
      ? query.linkKey
      : (await resolveLink(deps, query.linkName, { subscription: query.subscription })).key;
  const scope = `remediations|${linkKey ?? ''}|${query.outcome ?? ''}`;
  const { window, position } = readToken(query, scope, deps.sign, QUERY_LIMITS.remediations.maxWindowMs);
  const storeToken = typeof position?.t === 'string' ? position.t : undefined;
  if (position && storeToken === undefined) throw badToken();
  const page = await deps.audit.list({
    from: window.from,
    to: window.to,
    linkKey,
    outcome: query.outcome,
    top: query.top,
    continuationToken: storeToken,
  });
  return {
    from: window.from,
    to: window.to,
    items: await withLinkNames(deps.links, page.items),
    ...(page.continuationToken !== undefined && {
      continuationToken: issueToken(window, { t: page.continuationToken }, scope, deps.sign),
    }),
  };
}
