import { linkKeyFromId } from '../core/linkKey';
import type { ApiClient } from './apiClient';
import { UsageError, type ParsedArgs } from './parseArgs';
import { renderDoctor } from './renderDoctor';
import { formatDuration, renderTable } from './renderTable';

/** Exit code of `doctor` when tunnelwatch lacks a permission it needs. */
export const DOCTOR_FOUND_MISSING = 4;

export interface CliIo {
  out(text: string): void;
  /** Progress on long reads; the caller decides whether it is shown (only on a TTY). */
  progress(text: string): void;
}

type Row = Record<string, unknown>;
const MAX_PAGES = 200;

/** Follows continuation tokens until done (bounded), reporting progress. */
async function readAll(api: ApiClient, io: CliIo, path: string, field: string, query: Record<string, string | undefined>): Promise<Row[]> {
  const rows: Row[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = (await api.get(path, { ...query, continuationToken: token })) as Record<string, unknown>;
    rows.push(...((body[field] as Row[] | undefined) ?? []));
    token = body.continuationToken as string | undefined;
    if (!token) break;
    io.progress(`read ${rows.length} ${field}...`);
  }
  return rows;
}

function keyOf(args: ParsedArgs, command: string): string {
  const ref = args.positionals[1];
  if (!ref) throw new UsageError(`usage: tunnelwatch ${command} <link key | ARM id>`);
  return ref.toLowerCase().startsWith('/subscriptions/') ? linkKeyFromId(ref) : ref;
}

const opt = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
};
const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? `${v}` : JSON.stringify(v);
};

/** Runs one command; returns a non-zero exit code when the command's answer is a finding (doctor: something missing). */
export async function runCommand(api: ApiClient, args: ParsedArgs, io: CliIo): Promise<number | void> {
  const json = args.options.has('json');
  const command = args.positionals[0];
  switch (command) {
    case 'status': {
      const links = await readAll(api, io, '/links', 'links', { status: opt(args, 'status'), gateway: opt(args, 'gateway'), site: opt(args, 'site'), top: '1000' });
      if (json) return io.out(JSON.stringify(links, null, 2) + '\n');
      const down = links.filter((l) => l.status !== 'Connected').length;
      io.out(renderTable(['STATUS', 'GATEWAY', 'SITE', 'CONNECTION/LINK', 'DOWN FOR', 'INCIDENT', 'KEY'], links.map((l) => [text(l.status), text(l.gateway), text(l.site), `${text(l.connection)}/${text(l.link)}`, formatDuration(l.downForSeconds as number), text(l.incidentId), text(l.key)])));
      return io.out(`${links.length} links, ${down} not connected\n`);
    }
    case 'history': {
      const key = keyOf(args, 'history');
      const query = { from: opt(args, 'from'), to: opt(args, 'to'), resolution: opt(args, 'resolution'), order: opt(args, 'order'), top: opt(args, 'top') ?? '5000' };
      const points = await readAll(api, io, `/links/${encodeURIComponent(key)}/history`, 'points', query);
      if (json) return io.out(JSON.stringify(points, null, 2) + '\n');
      const hourly = points.length > 0 && 'hour' in points[0]!;
      return io.out(hourly
        ? renderTable(['HOUR', 'UPTIME %', 'MIN DOWN', 'BYTES IN', 'BYTES OUT', 'AVG IN bps', 'PEAK IN bps'], points.map((p) => [text(p.hour), text(p.uptimePercent), text(p.minutesDown), text(p.ingressBytes), text(p.egressBytes), text(p.avgIngressBps), text(p.peakIngressBps)]))
        : renderTable(['POLLED AT', 'STATUS', 'IN bps', 'OUT bps', 'BYTES IN', 'BYTES OUT'], points.map((p) => [text(p.polledAt), text(p.status), text(p.ingressBps), text(p.egressBps), text(p.ingressBytes), text(p.egressBytes)])));
    }
    case 'events': {
      const key = keyOf(args, 'events');
      const events = await readAll(api, io, `/links/${encodeURIComponent(key)}/events`, 'events', { from: opt(args, 'from'), to: opt(args, 'to'), top: '1000' });
      if (json) return io.out(JSON.stringify(events, null, 2) + '\n');
      return io.out(renderTable(['AT', 'FROM', 'TO'], events.map((e) => [text(e.at), text(e.from), text(e.to)])));
    }
    case 'remediations': {
      const items = await readAll(api, io, '/remediations', 'items', { from: opt(args, 'from'), to: opt(args, 'to'), link: opt(args, 'link'), outcome: opt(args, 'outcome'), top: '1000' });
      if (json) return io.out(JSON.stringify(items, null, 2) + '\n');
      return io.out(renderTable(['AT', 'LINK', 'SOURCE', 'STEP', 'OUTCOME', 'REASON'], items.map((i) => [text(i.at), text(i.linkKey ?? i.linkId), text(i.source), text(i.step), text(i.outcome), text(i.reason)])));
    }
    case 'reset': {
      const key = keyOf(args, 'reset');
      const result = await api.post(`/links/${encodeURIComponent(key)}/reset`, { dryRun: args.options.has('dry-run') ? 'true' : undefined });
      return io.out(json ? JSON.stringify(result, null, 2) + '\n' : renderTable(['FIELD', 'VALUE'], Object.entries((result ?? {}) as Row).map(([k, v]) => [k, text(v)])));
    }
    case 'doctor': {
      const body = await api.get('/health/details');
      const report = renderDoctor(body);
      io.out(json ? JSON.stringify(body, null, 2) + '\n' : report.text);
      return report.ok ? 0 : DOCTOR_FOUND_MISSING;
    }
    default:
      throw new UsageError(USAGE);
  }
}

export const USAGE = `usage: tunnelwatch <command> [options]
  status [--status S] [--gateway G] [--site S]    current state of every link
  history <key|id> [--from T] [--to T] [--resolution raw|hour|auto] [--order asc|desc]
  events <key|id> [--from T] [--to T]              status transitions
  remediations [--link key|id] [--outcome O] [--from T] [--to T]
  reset <key|id> [--dry-run]                       manual remediation through the guards
  doctor                                           permission check per scope; exit 4 when an action is missing
common: --url URL (or TUNNELWATCH_URL), --key KEY (or TUNNELWATCH_KEY), --json`;
