import { linkIdFromKey, linkKeyFromId } from '../linkKey';
import { ParamReader, type ParamSource, type Parsed } from './queryParams';
import { parseTimeWindow, type TimeWindow } from './parseTimeWindow';
import { QUERY_LIMITS } from './queryLimits';

export interface RemediationsQuery extends TimeWindow {
  /** Link key; the `link` parameter accepts a key or an ARM id. */
  readonly linkKey?: string;
  readonly outcome?: string;
  readonly top: number;
  readonly continuationToken?: string;
}

const R = QUERY_LIMITS.remediations;

export function parseRemediationsQuery(params: ParamSource, now: Date): Parsed<RemediationsQuery> {
  const r = new ParamReader(params);
  const window = parseTimeWindow(r, now, R.defaultWindowMs, R.maxWindowMs);
  const link = r.name('link', 1024);
  const linkKey = link === undefined ? undefined : linkKeyFrom(link);
  if (link !== undefined && linkKey === undefined) r.fail('link', 'link must be a link key or the ARM id of a link');
  const outcome = r.name('outcome', 40);
  if (outcome !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(outcome)) r.fail('outcome', 'outcome must be a word such as accepted, unknown or skipped');
  const query: RemediationsQuery = {
    from: window.from,
    to: window.to,
    linkKey,
    outcome,
    top: r.integer('top', 1, R.maxTop, R.defaultTop),
    continuationToken: r.token('continuationToken'),
  };
  return r.result(query);
}

/** A link reference from a user: a key as served by the API, or an ARM id (any case). */
export function linkKeyFrom(reference: string): string | undefined {
  if (reference.toLowerCase().startsWith('/subscriptions/')) return linkKeyFromId(reference);
  return linkIdFromKey(reference) === undefined ? undefined : reference;
}
