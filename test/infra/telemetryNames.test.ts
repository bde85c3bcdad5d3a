import { describe, expect, it } from 'vitest';
import { TELEMETRY_NAMES } from '../../src/core/telemetryNames';
import { readInfra } from './bicepText';

const METRICS: readonly string[] = Object.values(TELEMETRY_NAMES.metrics);
const EVENTS: readonly string[] = Object.values(TELEMETRY_NAMES.events);
const DIMENSIONS: readonly string[] = Object.values(TELEMETRY_NAMES.dimensions);

function queriesIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(queriesIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'query' && typeof value === 'string' ? [value] : queriesIn(value)));
}

const quoted = (list: string) => [...list.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!);

/** The telemetry names a KQL query reads: table, `name == '…'` / `name in (…)`, and customDimensions keys. */
function namesRead(query: string) {
  const table = /^\s*(\w+)/.exec(query)?.[1] ?? '';
  const names = [
    ...[...query.matchAll(/\bname\s*==\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!),
    ...[...query.matchAll(/\bname\s+in\s*\(([^)]*)\)/g)].flatMap((m) => quoted(m[1]!)),
  ];
  const dimensions = [...query.matchAll(/customDimensions(?:\.(\w+)|\[['"]([^'"]+)['"]\])/g)].map((m) => (m[1] ?? m[2])!);
  return { table, names, dimensions };
}

function unknownNames(queries: readonly string[]) {
  const read = queries.map(namesRead);
  return {
    metrics: read.filter((q) => q.table === 'customMetrics').flatMap((q) => q.names).filter((n) => !METRICS.includes(n)),
    events: read.filter((q) => q.table === 'customEvents').flatMap((q) => q.names).filter((n) => !EVENTS.includes(n)),
    dimensions: read.flatMap((q) => q.dimensions).filter((d) => !DIMENSIONS.includes(d)),
    otherTables: read.map((q) => q.table).filter((t) => t !== 'customMetrics' && t !== 'customEvents'),
  };
}

const workbook = JSON.parse(readInfra('app/workbook.json')) as { version: string; items: unknown[] };
const workbookQueries = queriesIn(workbook);
const alertsBicep = readInfra('app/operatorAlerts.bicep');
const alertQueries = [...alertsBicep.matchAll(/'''([\s\S]*?)'''/g)].map((m) => m[1]!);

describe('the workbook queries only names tunnelwatch emits (src/core/telemetryNames.ts)', () => {
  const unknown = unknownNames(workbookQueries);

  it('every metric name it queries is in TELEMETRY_NAMES.metrics', () => expect(unknown.metrics).toEqual([]));
  it('every event name it queries is in TELEMETRY_NAMES.events', () => expect(unknown.events).toEqual([]));
  it('every customDimensions key it reads is in TELEMETRY_NAMES.dimensions', () => expect(unknown.dimensions).toEqual([]));
  it('it reads only the customMetrics and customEvents tables', () => expect(unknown.otherTables).toEqual([]));

  it('it charts every metric and every event tunnelwatch emits', () => {
    const read = new Set(workbookQueries.flatMap((q) => namesRead(q).names));
    expect([...METRICS, ...EVENTS].filter((name) => !read.has(name))).toEqual([]);
  });

  it('when a metric is renamed on one side only, the comparison reports it', () => {
    const renamed = workbookQueries.map((q) => q.replace("'tunnelwatch.cycle.durationMs'", "'tunnelwatch.cycle.duration'"));
    expect(unknownNames(renamed).metrics).toEqual(['tunnelwatch.cycle.duration']);
  });
});

describe('the workbook resource', () => {
  it('is Notebook/1.0 JSON loaded by workbook.bicep and pinned to Application Insights', () => {
    expect(workbook.version).toBe('Notebook/1.0');
    const bicep = readInfra('app/workbook.bicep');
    expect(bicep).toContain("serializedData: loadTextContent('workbook.json')");
    expect(bicep).toContain('sourceId: applicationInsightsId');
  });

  it('every chart and table follows the workbook time range picker', () => {
    type Item = { type: number; content: { timeContextFromParameter?: string; parameters?: { name: string; type: number }[] } };
    const items = workbook.items as Item[];
    const pickers = items.flatMap((i) => i.content.parameters ?? []).filter((p) => p.name === 'TimeRange' && p.type === 4);
    const queryItems = items.filter((i) => i.type === 3);
    expect(pickers).toHaveLength(1);
    expect(queryItems.length).toBeGreaterThan(0);
    expect(queryItems.filter((i) => i.content.timeContextFromParameter !== 'TimeRange')).toEqual([]);
  });
});

describe('scheduled-query alert rules on tunnelwatch telemetry', () => {
  it('alert on a quarantined incident and on a failed poll cycle, by the names tunnelwatch emits', () => {
    expect(alertQueries.map((q) => namesRead(q).names).flat().sort()).toEqual([TELEMETRY_NAMES.events.IncidentQuarantined, TELEMETRY_NAMES.events.PollCycleFailed]);
    expect(unknownNames(alertQueries)).toEqual({ metrics: [], events: [], dimensions: [], otherTables: [] });
  });

  it('split alerts by a dimension the query projects (one alert per link or error code)', () => {
    for (const [query, dimension] of alertQueries.map((q, i) => [q, [...alertsBicep.matchAll(/dimension: '(\w+)'/g)][i]?.[1]] as const)) {
      expect(DIMENSIONS).toContain(dimension);
      expect(query).toMatch(new RegExp(`extend ${dimension} = tostring\\(customDimensions\\.${dimension}\\)`));
    }
  });

  it('are log alerts on the Application Insights resource, routed to the given action groups and the e-mail group', () => {
    expect(alertsBicep).toMatch(/'Microsoft\.Insights\/scheduledQueryRules@[\d-]+'/);
    expect(alertsBicep).toContain('scopes: [applicationInsightsId]');
    expect(alertsBicep).toContain("var notify = concat(actionGroupIds, empty(alertEmail) ? [] : [emailGroup.id])");
    expect(alertsBicep).toContain('actions: { actionGroups: notify }');
    expect(readInfra('main.bicep')).toContain('actionGroupIds: deployAlertWiring ? [alertWiring.outputs.id] : []');
  });
});
