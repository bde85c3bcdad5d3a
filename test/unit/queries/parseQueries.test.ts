import { describe, expect, it } from 'vitest';
import { parseHistoryQuery } from '../../../src/core/queries/parseHistoryQuery';
import { parseLinksQuery } from '../../../src/core/queries/parseLinksQuery';
import { parseEventsQuery } from '../../../src/core/queries/parseEventsQuery';
import { parseRemediationsQuery } from '../../../src/core/queries/parseRemediationsQuery';
import { linkId, NOW } from './builders';

const q = (text: string): URLSearchParams => new URLSearchParams(text);
const badParameters = (parsed: { ok: boolean; problems?: readonly { parameter: string }[] }): string[] =>
  parsed.ok ? [] : (parsed.problems ?? []).map((p) => p.parameter);

describe('history query parameters', () => {
  it('when nothing is given, then the last 24 hours of raw points are read oldest-first as JSON', () => {
    expect(parseHistoryQuery(q(''), NOW)).toEqual({
      ok: true,
      value: { from: '2026-03-09T12:00:00.000Z', to: '2026-03-10T12:00:00.000Z', order: 'asc', resolution: 'raw', top: 1440, format: 'json', continuationToken: undefined },
    });
  });

  it.each([
    ['from=yesterday', ['from']],
    ['from=2026-03-09T10:00:00', ['from']],
    ['from=2026-03-09T10:00:00Z&to=2026-03-09T09:00:00Z', ['from']],
    ['to=1999-12-31T00:00:00Z', ['to']],
    ['top=0', ['top']],
    ['top=5001', ['top']],
    ['top=12abc', ['top']],
    ['top=-1', ['top']],
    ['order=up', ['order']],
    ['format=xml', ['format']],
    ['resolution=minute', ['resolution']],
    ['resolution=raw&from=2026-03-01T00:00:00Z&to=2026-03-09T00:00:00Z', ['from']],
    ['from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', ['from']],
    ['continuationToken=not%20a%20token', ['continuationToken']],
    ['top=x&order=y', ['order', 'top']],
  ])('when %s, then the 400 names %j', (text, parameters) => {
    expect(badParameters(parseHistoryQuery(q(text), NOW)).sort()).toEqual(parameters);
  });

  it.each([
    ['from=2026-03-08T12:00:00Z&to=2026-03-10T12:00:00Z', 'raw'],
    ['from=2026-03-07T12:00:00Z&to=2026-03-10T12:00:00Z', 'hour'],
    ['from=2026-03-07T12:00:00Z&to=2026-03-10T12:00:00Z&resolution=raw', 'raw'],
    ['from=2026-03-10T00:00:00Z&resolution=hour', 'hour'],
  ])('when %s, then the resolution is %s', (text, resolution) => {
    const parsed = parseHistoryQuery(q(text), NOW);
    expect(parsed.ok && parsed.value.resolution).toBe(resolution);
  });

  it('when only from is given, then the window is the default length after it (capped at now)', () => {
    const parsed = parseHistoryQuery(q('from=2026-03-01T00:00:00%2B01:00'), NOW);
    expect(parsed.ok && [parsed.value.from, parsed.value.to]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-01T23:00:00.000Z']);
  });
});

describe('link list, events and remediation parameters', () => {
  it.each([
    ['status=Not Connected', ['status']],
    ['top=1001', ['top']],
    [`gateway=${'g'.repeat(81)}`, ['gateway']],
    ['site=%01x', ['site']],
  ])('links: when %s, then the 400 names %j', (text, parameters) => {
    expect(badParameters(parseLinksQuery(q(text)))).toEqual(parameters);
  });

  it('links: filters and paging are read as given', () => {
    expect(parseLinksQuery(q('status=NotConnected&gateway=gw-east&site=site-paris&top=5'))).toEqual({
      ok: true,
      value: { status: 'NotConnected', gateway: 'gw-east', site: 'site-paris', top: 5, continuationToken: undefined },
    });
  });

  it.each([
    ['order=sideways', ['order']],
    ['from=2025-01-01T00:00:00Z&to=2026-03-10T00:00:00Z', ['from']],
    ['top=1001', ['top']],
  ])('events: when %s, then the 400 names %j', (text, parameters) => {
    expect(badParameters(parseEventsQuery(q(text), NOW))).toEqual(parameters);
  });

  it.each([
    ['link=nope!', ['link']],
    ['link=/subscriptionsX', ['link']],
    ['link=a/b/c/d/e', ['link']],
    ['link=gw%20east', ['link']],
    ['outcome=a%20b', ['outcome']],
    ['to=2026-13-01T00:00:00Z', ['to']],
  ])('remediations: when %s, then the 400 names %j', (text, parameters) => {
    expect(badParameters(parseRemediationsQuery(q(text), NOW))).toEqual(parameters);
  });

  it('remediations: a link given as an ARM id is read as its key', () => {
    const id = linkId('gw-east', 'conn-a');
    const parsed = parseRemediationsQuery(q(`link=${encodeURIComponent(id.toUpperCase())}&outcome=skipped`), NOW);
    expect(parsed.ok && parsed.value.linkKey).toMatch(/^[0-9a-f]{48}$/);
    expect(parsed.ok && parsed.value.outcome).toBe('skipped');
  });
});
