import type { Telemetry } from '../../app/ports';

/** Telemetry when Application Insights is not configured: costs nothing, records nothing. */
export const noopTelemetry: Telemetry = {
  event: () => undefined,
  metric: () => undefined,
  flush: async () => undefined,
};

/** An in-memory telemetry sink for tests: every event and metric, in order. */
export class InMemoryTelemetry implements Telemetry {
  readonly events: Array<{ name: string; properties: Record<string, string>; measurements: Record<string, number> }> = [];
  readonly metrics: Array<{ name: string; value: number; properties: Record<string, string> }> = [];
  event(name: string, properties: Record<string, string> = {}, measurements: Record<string, number> = {}): void {
    this.events.push({ name, properties: { ...properties }, measurements: { ...measurements } });
  }
  metric(name: string, value: number, properties: Record<string, string> = {}): void {
    this.metrics.push({ name, value, properties: { ...properties } });
  }
  async flush(): Promise<void> {}
}
