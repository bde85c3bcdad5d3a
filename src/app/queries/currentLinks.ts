import type { LinkState } from '../../core/linkState/linkState';
import { staleAsUnknown } from '../../core/status/staleAsUnknown';
import type { LinkStateReader } from '../ports';
import type { QueryDeps } from './queryPorts';

/** TW_STATUS_MAX_AGE_MINUTES' default, for query deps built without the setting. */
export const DEFAULT_STATUS_MAX_AGE_MS = 5 * 60_000;

/**
 * The link states every query route answers with: read through `deps.links`, each seen at the clock's now
 * (staleAsUnknown), so every route, filter and count shows a status confirmed too long ago as Unknown alike.
 */
export function currentLinks(deps: Pick<QueryDeps, 'links' | 'clock' | 'statusMaxAgeMs'>): LinkStateReader {
  const asOfNow = (state: LinkState): LinkState => staleAsUnknown(state, deps.clock.now().getTime(), deps.statusMaxAgeMs ?? DEFAULT_STATUS_MAX_AGE_MS);
  return {
    get: async (linkKey) => {
      const state = await deps.links.get(linkKey);
      return state && asOfNow(state);
    },
    list: async () => (await deps.links.list()).map(asOfNow),
  };
}
