import { readFileSync } from 'node:fs';
import { TunnelwatchError } from '../../core/errors';

export type MessageEncoding = 'base64' | 'none';

/** `extensions.queues` with the Storage extension's defaults (v5). */
export interface QueuesOptions {
  readonly batchSize: number;
  readonly newBatchThreshold: number;
  readonly maxDequeueCount: number;
  readonly visibilityTimeoutMs: number;
  readonly maxPollingIntervalMs: number;
  readonly messageEncoding: MessageEncoding;
}

export interface HostOptions {
  readonly queues: QueuesOptions;
  readonly routePrefix: string;
  readonly functionTimeoutMs: number | undefined;
}

const DEFAULT_BATCH_SIZE = 16;

/** Reads host.json; a missing path gives the host's defaults. */
export function readHostJson(hostJsonPath: string | undefined): HostOptions {
  const raw = hostJsonPath ? parseFile(hostJsonPath) : {};
  const extensions = asRecord(raw.extensions);
  const queues = asRecord(extensions.queues);
  const http = asRecord(extensions.http);
  const batchSize = positiveInt(queues.batchSize, DEFAULT_BATCH_SIZE, 'extensions.queues.batchSize');
  const encoding = queues.messageEncoding ?? 'base64';
  if (encoding !== 'base64' && encoding !== 'none') {
    throw invalid(`extensions.queues.messageEncoding must be 'base64' or 'none', got ${JSON.stringify(encoding)}`);
  }
  return {
    queues: {
      batchSize,
      newBatchThreshold: positiveInt(queues.newBatchThreshold, Math.floor(batchSize / 2), 'extensions.queues.newBatchThreshold'),
      maxDequeueCount: positiveInt(queues.maxDequeueCount, 5, 'extensions.queues.maxDequeueCount'),
      visibilityTimeoutMs: timeSpanMs(queues.visibilityTimeout, 0, 'extensions.queues.visibilityTimeout'),
      maxPollingIntervalMs: timeSpanMs(queues.maxPollingInterval, 60_000, 'extensions.queues.maxPollingInterval'),
      messageEncoding: encoding,
    },
    routePrefix: typeof http.routePrefix === 'string' ? http.routePrefix.replace(/^\/+|\/+$/g, '') : 'api',
    functionTimeoutMs: raw.functionTimeout === undefined ? undefined : timeSpanMs(raw.functionTimeout, 0, 'functionTimeout'),
  };
}

/** Parses a .NET TimeSpan string (`[d.]hh:mm:ss[.fffffff]`), the format host.json uses. */
export function parseTimeSpanMs(text: string): number | undefined {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds, fraction] = match;
  const fractionMs = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  return ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + fractionMs;
}

function parseFile(file: string): Record<string, unknown> {
  try {
    return asRecord(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new TunnelwatchError('CONFIG.INVALID', `host.json at ${file} cannot be read: ${(error as Error).message}`, false, {}, { cause: error });
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function positiveInt(value: unknown, fallback: number, key: string): number {
  if (value === undefined) return Math.max(1, fallback);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(`${key} must be a positive integer`);
  return value;
}

function timeSpanMs(value: unknown, fallback: number, key: string): number {
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' ? parseTimeSpanMs(value) : undefined;
  if (parsed === undefined) throw invalid(`${key} must be a TimeSpan like "00:00:30", got ${JSON.stringify(value)}`);
  return parsed;
}

function invalid(message: string): TunnelwatchError {
  return new TunnelwatchError('CONFIG.INVALID', `host.json: ${message}`);
}
