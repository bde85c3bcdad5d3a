import { linkIdFromKey } from '../../core/linkKey';
import type { LinkState } from '../../core/linkState';
import { linkNotFound } from './queryErrors';
import type { QueryDeps } from './queryPorts';

/** The monitored link a key names, or LINK.NOT_FOUND (also for keys that are not even well-formed). */
export async function resolveLink(deps: Pick<QueryDeps, 'links'>, key: string): Promise<LinkState> {
  if (linkIdFromKey(key) === undefined) throw linkNotFound(key);
  const state = await deps.links.get(key);
  if (!state) throw linkNotFound(key);
  return state;
}
