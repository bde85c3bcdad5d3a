/** The metrics batch API's operation id (metricBatch.json), for call counts and faults (`operation: "MetricsBatch_Batch"`). */
export const METRICS_OPERATION = 'MetricsBatch_Batch';
export type MetricsOperationId = typeof METRICS_OPERATION;

/** The RBAC action the batch API checks on every resource it reads (the Monitoring Reader role grants it). */
export const METRICS_READ_ACTION = 'Microsoft.Insights/metrics/read';

/** `POST /subscriptions/{subscriptionId}/metrics:getBatch`, as the regional metrics endpoint serves it. */
export function isMetricsBatchPath(pathname: string): boolean {
  return /^\/subscriptions\/[^/]+\/metrics:getBatch\/?$/i.test(pathname);
}
