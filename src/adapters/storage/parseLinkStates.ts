import type { TrackedLinkState } from '../../core/linkState/trackLinkState';

const REQUIRED_STRINGS = ['id', 'key', 'kind', 'status', 'statusSince', 'lastPolledAt', 'ingressBytes', 'egressBytes', 'connectionId', 'gatewayId'] as const;

/**
 * Validates the JSON column of a link-state row. A malformed row (hand-edited, truncated) yields only its valid
 * links; a dropped link is simply seen fresh on the next poll instead of crashing every cycle.
 */
export function parseLinkStates(column: unknown): TrackedLinkState[] {
  if (typeof column !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(column);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((item): item is TrackedLinkState => {
    if (typeof item !== 'object' || item === null) return false;
    const o = item as Record<string, unknown>;
    return REQUIRED_STRINGS.every((f) => typeof o[f] === 'string') && /^\d+$/.test(o.ingressBytes as string) && /^\d+$/.test(o.egressBytes as string) && typeof o.overrides === 'object' && o.overrides !== null;
  });
}
