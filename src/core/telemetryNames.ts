/**
 * The names of every custom metric, event and dimension tunnelwatch sends to Application Insights.
 * The telemetry code emits these and infra/ (the workbook and the scheduled-query alert rules) queries them;
 * test/infra/telemetryNames.test.ts holds the two sides together, so a rename cannot silently blank a chart.
 */
export const TELEMETRY_NAMES = {
  /** customMetrics.name */
  metrics: {
    /** Links per status at the end of a poll cycle; dimension `status`. */
    linksByStatus: 'tunnelwatch.links.byStatus',
    /** Wall time of one poll cycle (or shard), in milliseconds. */
    cycleDurationMs: 'tunnelwatch.cycle.durationMs',
    /** ARM requests made by one poll cycle. */
    cycleArmRequests: 'tunnelwatch.cycle.armRequests',
    /** ARM 429 answers met by one poll cycle. */
    cycleThrottles: 'tunnelwatch.cycle.throttles',
    /** Per-link inbound throughput, bits per second; dimension `linkId`. */
    linkIngressBps: 'tunnelwatch.link.ingressBps',
    /** Per-link outbound throughput, bits per second; dimension `linkId`. */
    linkEgressBps: 'tunnelwatch.link.egressBps',
  },
  /** customEvents.name */
  events: {
    LinkTransition: 'LinkTransition',
    IncidentOpened: 'IncidentOpened',
    ResetRequested: 'ResetRequested',
    ResetSkipped: 'ResetSkipped',
    IncidentQuarantined: 'IncidentQuarantined',
    OutageEscalated: 'OutageEscalated',
    PollCycleFailed: 'PollCycleFailed',
    /** Once per cycle with unconfirmed links: how many (measurement `links`) and why (dimension `reason`). */
    StatusUnconfirmed: 'StatusUnconfirmed',
    /** No poll cycle completed for 3 intervals, seen by GET /api/health/details (measurement `sinceSeconds`). */
    PollCycleOverdue: 'PollCycleOverdue',
  },
  /** customDimensions keys (properties) carried by the metrics and events above. */
  dimensions: {
    /** The link's ARM resource id. */
    linkId: 'linkId',
    gatewayId: 'gatewayId',
    status: 'status',
    fromStatus: 'fromStatus',
    toStatus: 'toStatus',
    incidentId: 'incidentId',
    /** Why a reset was skipped, an outage escalated or an incident quarantined. */
    reason: 'reason',
    /** Remediation mode at the time: enabled, dry-run or disabled. */
    mode: 'mode',
    /** Stable TunnelwatchError code of a failure. */
    errorCode: 'errorCode',
  },
} as const;

export type TelemetryMetricName = (typeof TELEMETRY_NAMES.metrics)[keyof typeof TELEMETRY_NAMES.metrics];
export type TelemetryEventName = (typeof TELEMETRY_NAMES.events)[keyof typeof TELEMETRY_NAMES.events];
export type TelemetryDimensionName = (typeof TELEMETRY_NAMES.dimensions)[keyof typeof TELEMETRY_NAMES.dimensions];
