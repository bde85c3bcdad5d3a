import { ParamReader, type ParamSource, type Parsed } from './queryParams';
import { QUERY_LIMITS } from './queryLimits';

export interface LinksQuery {
  readonly status?: string;
  readonly gateway?: string;
  readonly site?: string;
  /** Case-insensitive substring of gateway, site, connection, link or resource group (the dashboard's search). */
  readonly q?: string;
  readonly top: number;
  readonly continuationToken?: string;
}

export function parseLinksQuery(params: ParamSource): Parsed<LinksQuery> {
  const r = new ParamReader(params);
  const status = r.name('status', 32);
  if (status !== undefined && !/^[A-Za-z]+$/.test(status)) r.fail('status', 'status must be a connection status such as Connected or NotConnected');
  const query: LinksQuery = {
    status,
    gateway: r.name('gateway'),
    site: r.name('site'),
    q: r.name('q', 100),
    top: r.integer('top', 1, QUERY_LIMITS.links.maxTop, QUERY_LIMITS.links.defaultTop),
    continuationToken: r.token('continuationToken'),
  };
  return r.result(query);
}
