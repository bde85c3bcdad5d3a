import type { LinkPolicyOverrides } from './linkState';

/** ARM tag names read from the VPN site and gateway (vWAN; site over gateway) or the classic connection. */
export const THRESHOLD_TAG = 'tunnelwatch-threshold-minutes';
export const REMEDIATE_TAG = 'tunnelwatch-remediate';

export interface ParsedTags {
  readonly overrides: LinkPolicyOverrides;
  /** Tags that were present but unusable, for telemetry; they are ignored rather than guessed. */
  readonly problems: readonly string[];
}

/** Reads the per-link policy tags; tag names compare case-insensitively, as ARM's do. */
export function parseTags(tags: Readonly<Record<string, string>>): ParsedTags {
  const problems: string[] = [];
  let stuckThresholdMs: number | undefined;
  let remediate: boolean | undefined;
  for (const [name, rawValue] of Object.entries(tags)) {
    const value = rawValue.trim();
    if (name.toLowerCase() === THRESHOLD_TAG) {
      if (/^\d{1,4}$/.test(value) && Number(value) <= 1440) stuckThresholdMs = Number(value) * 60_000;
      else problems.push(`${THRESHOLD_TAG}='${rawValue}' is not a whole number of minutes from 0 to 1440`);
    } else if (name.toLowerCase() === REMEDIATE_TAG) {
      if (/^(true|false)$/i.test(value)) remediate = value.toLowerCase() === 'true';
      else problems.push(`${REMEDIATE_TAG}='${rawValue}' is not true or false`);
    }
  }
  return {
    overrides: { ...(stuckThresholdMs !== undefined && { stuckThresholdMs }), ...(remediate !== undefined && { remediate }) },
    problems,
  };
}
