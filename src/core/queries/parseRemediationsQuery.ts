import { isLinkKey, linkKeyFromId } from '../ids/linkKey';
import { ParamReader, type ParamSource, type Parsed } from './queryParams';
import { parseTimeWindow, type TimeWindow } from './parseTimeWindow';
import { QUERY_LIMITS } from './queryLimits';

export interface RemediationsQuery extends TimeWindow {
  /** Link key, when the `link` parameter was a key or an ARM id (audit rows outlive link state). */
  readonly linkKey?: string;
  /** A name path from the `link` parameter, for the app to resolve through link state. */
  readonly linkName?: string;
  /** Narrows `linkName` to one subscription. */
  readonly subscription?: string;
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
  const linkName = link !== undefined && linkKey === undefined ? link : undefined;
  if (linkName !== undefined && !isNamePath(linkName)) r.fail('link', 'link must be a link key, the ARM id of a link or a name path such as gateway/connection/link');
  const subscription = r.name('subscription', 100);
  const outcome = r.name('outcome', 40);
  if (outcome !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(outcome)) r.fail('outcome', 'outcome must be a word such as accepted, unknown or skipped');
  const query: RemediationsQuery = {
    from: window.from,
    to: window.to,
    linkKey,
    linkName,
    subscription,
    outcome,
    top: r.integer('top', 1, R.maxTop, R.defaultTop),
    continuationToken: r.token('continuationToken'),
  };
  return r.result(query);
}

/** A link reference that needs no lookup: a key as served by the API, or an ARM id (any case). */
export function linkKeyFrom(reference: string): string | undefined {
  if (reference.toLowerCase().startsWith('/subscriptions/')) return linkKeyFromId(reference);
  return isLinkKey(reference) ? reference : undefined;
}

/** One to four ARM-style names separated by `/` (resolveLink decides which link they name). */
function isNamePath(text: string): boolean {
  const parts = text.split('/');
  return parts.length <= 4 && parts.every((p) => /^[A-Za-z0-9_][A-Za-z0-9_.()-]{0,79}$/.test(p));
}
