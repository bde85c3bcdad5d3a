import { linkKeyFromId } from '../core/ids/linkKey';
import { linkNameFromId } from '../core/ids/linkName';
import type { ApiClient } from './apiClient';
import { UsageError, type ParsedArgs } from './parseArgs';
import { renderDoctor } from './renderDoctor';
import { formatDuration, formatRate, renderTable, TABLE_WIDTH, formatStatusAge } from './renderTable';

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
async function readAll(
  api: ApiClient,
  io: CliIo,
  path: string,
  field: string,
  query: Record<string, string | undefined>,
): Promise<Row[]> {
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

/**
 * The API path of the link a person named: a key, an ARM id (keyed here, so no slash crosses the URL) or a name path
 * (`gateway/connection/link`, `connection`, optionally `resourceGroup/` first) whose slashes travel percent-encoded.
 */
function linkPath(args: ParsedArgs, command: string, tail: string): string {
  const ref = args.positionals[1];
  if (!ref)
    throw new UsageError(
      `usage: tunnelwatch ${command} <key | ARM id | gateway/connection/link | connection>`,
    );
  const reference = ref.toLowerCase().startsWith('/subscriptions/') ? linkKeyFromId(ref) : ref;
  return `/links/${encodeURIComponent(reference)}/${tail}`;
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

/** `status name` of a link's peer (the tunnel's other end; status first, as a narrow column cuts the end), blank when none is known. */
const otherEnd = (peer: unknown): string => {
  if (typeof peer !== 'object' || peer === null) return '';
  const { name, status } = peer as Row;
  return `${text(status)} ${text(name)}`.trim();
};

const linkName = (row: Row): string => {
  const id = text(row.linkId);
  return text(row.linkName) || (id && linkNameFromId(id)) || text(row.linkKey ?? row.linkId);
};

/** Runs one command; returns a non-zero exit code when the command's answer is a finding (doctor: something missing). */
export async function runCommand(api: ApiClient, args: ParsedArgs, io: CliIo): Promise<number | void> {
  const json = args.options.has('json');
  const wide = args.options.has('wide');
  const fit = { maxWidth: wide ? undefined : TABLE_WIDTH };
  const subscription = opt(args, 'subscription');
  const command = args.positionals[0];
  switch (command) {
    case 'status': {
      const links = await readAll(api, io, '/links', 'links', {
        status: opt(args, 'status'),
        gateway: opt(args, 'gateway'),
        site: opt(args, 'site'),
        top: '1000',
      });
      if (json) return io.out(JSON.stringify(links, null, 2) + '\n');
      const down = links.filter((l) => l.status !== 'Connected').length;
      const unconfirmed = links.filter((l) => typeof l.statusReason === 'string').length;
      // The other end of the tunnel (docs/how-it-works.md "Both ends of one tunnel"), when any listed link has a known one.
      const peers = links.some((l) => otherEnd(l.peer) !== '');
      const columns = [
        'STATUS',
        'CONFIRMED',
        'GATEWAY',
        'SITE',
        'CONNECTION/LINK',
        'DOWN FOR',
        'INCIDENT',
        ...(peers ? ['OTHER END'] : []),
        'IN/OUT bps',
        ...(wide ? ['KEY', 'ID'] : []),
      ];
      const rows = links.map((l) => [
        text(l.status),
        formatStatusAge(l.statusAgeSeconds as number | undefined, l.statusSource as string | undefined, l.statusReason as string | undefined),
        text(l.gateway),
        text(l.site),
        l.kind === 'vwan' ? `${text(l.connection)}/${text(l.link)}` : `${text(l.connection)}${l.haRole === 'slave' ? ' (standby)' : ''}`,
        formatDuration(l.downForSeconds as number),
        text(l.incidentId),
        ...(peers ? [otherEnd(l.peer)] : []),
        `${formatRate(l.ingressBps as number | null | undefined)}/${formatRate(l.egressBps as number | null | undefined)}`,
        ...(wide ? [text(l.key), text(l.id)] : []),
      ]);
      io.out(renderTable(columns, rows, { ...fit, shrinkFirst: ['SITE', 'INCIDENT', 'OTHER END'] }));
      return io.out(`${links.length} links, ${down} not connected${unconfirmed > 0 ? `, ${unconfirmed} unconfirmed` : ''}\n`);
    }
    case 'history': {
      const query = {
        subscription,
        from: opt(args, 'from'),
        to: opt(args, 'to'),
        resolution: opt(args, 'resolution'),
        order: opt(args, 'order'),
        top: opt(args, 'top') ?? '5000',
      };
      const points = await readAll(api, io, linkPath(args, 'history', 'history'), 'points', query);
      if (json) return io.out(JSON.stringify(points, null, 2) + '\n');
      const hourly = points.length > 0 && 'hour' in points[0]!;
      return io.out(
        hourly
          ? renderTable(
              ['HOUR', 'UPTIME %', 'MIN DOWN', 'BYTES IN', 'BYTES OUT', 'AVG IN bps', 'PEAK IN bps'],
              points.map((p) => [
                text(p.hour),
                text(p.uptimePercent),
                text(p.minutesDown),
                text(p.ingressBytes),
                text(p.egressBytes),
                text(p.avgIngressBps),
                text(p.peakIngressBps),
              ]),
            )
          : renderTable(
              ['POLLED AT', 'STATUS', 'IN bps', 'OUT bps', 'BYTES IN', 'BYTES OUT'],
              points.map((p) => [
                text(p.polledAt),
                text(p.status),
                text(p.ingressBps),
                text(p.egressBps),
                text(p.ingressBytes),
                text(p.egressBytes),
              ]),
            ),
      );
    }
    case 'events': {
      const events = await readAll(api, io, linkPath(args, 'events', 'events'), 'events', {
        subscription,
        from: opt(args, 'from'),
        to: opt(args, 'to'),
        top: '1000',
      });
      if (json) return io.out(JSON.stringify(events, null, 2) + '\n');
      return io.out(
        renderTable(
          ['AT', 'FROM', 'TO'],
          events.map((e) => [text(e.at), text(e.from), text(e.to)]),
        ),
      );
    }
    case 'remediations': {
      const items = await readAll(api, io, '/remediations', 'items', {
        from: opt(args, 'from'),
        to: opt(args, 'to'),
        link: opt(args, 'link'),
        subscription,
        outcome: opt(args, 'outcome'),
        top: '1000',
      });
      if (json) return io.out(JSON.stringify(items, null, 2) + '\n');
      const columns = ['AT', 'LINK', 'STEP', 'OUTCOME', 'REASON', 'ACTOR', ...(wide ? ['KEY', 'ID'] : [])];
      const rows = items.map((i) => [
        text(i.at).slice(0, 19),
        linkName(i),
        text(i.step),
        text(i.outcome),
        text(i.reason),
        text(i.actor ?? i.source),
        ...(wide ? [text(i.linkKey), text(i.linkId)] : []),
      ]);
      return io.out(renderTable(columns, rows, { ...fit, shrinkFirst: ['REASON', 'ACTOR'] }));
    }
    case 'reset': {
      const result = await api.post(linkPath(args, 'reset', 'reset'), {
        subscription,
        dryRun: args.options.has('dry-run') ? 'true' : undefined,
      });
      return io.out(
        json
          ? JSON.stringify(result, null, 2) + '\n'
          : renderTable(
              ['FIELD', 'VALUE'],
              Object.entries((result ?? {}) as Row).map(([k, v]) => [k, text(v)]),
            ),
      );
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
  history <link> [--from T] [--to T] [--resolution raw|hour|auto] [--order asc|desc]
  events <link> [--from T] [--to T]                status transitions
  remediations [--link <link>] [--outcome O] [--from T] [--to T]
  reset <link> [--dry-run]                         manual remediation through the guards
  doctor                                           permission check per scope; exit 4 when an action is missing
<link>: a key, an ARM id, gateway/connection/link (vWAN) or connection (classic);
        prefix resourceGroup/ or add --subscription ID when a name is ambiguous
common: --url URL (or TUNNELWATCH_URL), --key KEY (or TUNNELWATCH_KEY), --json, --wide (tables: add key and id,
        no 160-column fit), --insecure (allow a plain http URL to a host other than this machine)`;
