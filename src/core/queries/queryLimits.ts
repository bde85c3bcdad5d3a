/** The documented bounds of every query (docs/api.md); one place so the parsers, OpenAPI and docs agree. */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const QUERY_LIMITS = {
  links: { defaultTop: 100, maxTop: 1000 },
  history: {
    defaultWindowMs: DAY,
    /** Raw snapshots: at one poll a minute, 7 days is ~10,000 points (paged). */
    maxRawWindowMs: 7 * DAY,
    /** Hourly rollups: 31 days is 744 points. */
    maxHourWindowMs: 31 * DAY,
    /** resolution=auto serves raw points up to this window and hourly rollups beyond it. */
    autoRawMaxWindowMs: 2 * DAY,
    defaultTop: 1440,
    maxTop: 5000,
  },
  events: { defaultWindowMs: 7 * DAY, maxWindowMs: 31 * DAY, defaultTop: 100, maxTop: 1000 },
  remediations: { defaultWindowMs: 7 * DAY, maxWindowMs: 90 * DAY, defaultTop: 100, maxTop: 1000 },
} as const;

export const HOUR_MS = HOUR;
