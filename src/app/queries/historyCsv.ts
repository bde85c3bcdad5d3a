import { renderCsv } from '../../core/queries/renderCsv';
import type { HistoryResult } from './getHistory';

const RAW_COLUMNS = ['polledAt', 'status', 'statusSource', 'statusAt', 'statusReason', 'provisioningState', 'ingressBytes', 'egressBytes', 'ingressBps', 'egressBps', 'counterRestart'] as const;
const HOUR_COLUMNS = ['hour', 'samples', 'uptimePercent', 'minutesDown', 'ingressBytes', 'egressBytes', 'avgIngressBps', 'avgEgressBps', 'peakIngressBps', 'peakEgressBps'] as const;

/** The history as CSV with the same column names as the JSON fields. */
export function historyCsv(result: HistoryResult): string {
  if (result.resolution === 'raw') return renderCsv(RAW_COLUMNS, result.points.map((p) => RAW_COLUMNS.map((c) => p[c])));
  return renderCsv(HOUR_COLUMNS, result.points.map((p) => HOUR_COLUMNS.map((c) => p[c])));
}
