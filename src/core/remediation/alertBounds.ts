/**
 * Bounds on what one alert delivery may name (docs/api.md). Real alerts name a gateway or a few connections; the
 * bounds keep a hostile body from turning into unbounded work, queue messages or oversized table properties.
 */
export const ALERT_BOUNDS = {
  /** Distinct target ids, connection names or remote IPs per alert. */
  maxValues: 50,
  /** One target id or dimension value (ARM ids are far shorter). */
  maxValueChars: 1024,
  /** The alert id (stored in dedup and audit rows and in queued requests). */
  maxAlertIdChars: 1024,
  /** The monitor condition (Fired / Resolved / Activated / Deactivated). */
  maxConditionChars: 64,
  /** Links one alert may queue requests for (only links stored as down count); the rest are audited, not queued. */
  maxQueuedLinks: 100,
} as const;
