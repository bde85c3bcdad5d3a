import { TunnelwatchError } from '../../core/errors';

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; constraint: string | undefined }
  | { kind: 'catchAll'; name: string };

/** A compiled ASP.NET-style route template (`links/{key}`, `items/{id:int?}`, `files/{*path}`). */
export interface HttpRoute {
  readonly template: string;
  /** Route parameters when the path segments match, undefined otherwise. */
  match(segments: readonly string[]): Record<string, string> | undefined;
  /** Higher is more specific; literal segments beat parameters, as in ASP.NET routing. */
  readonly precedence: number[];
}

const CONSTRAINTS: Record<string, RegExp> = {
  int: /^-?\d+$/,
  long: /^-?\d+$/,
  bool: /^(true|false)$/i,
  alpha: /^[a-z]+$/i,
  guid: /^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$/i,
  double: /^-?\d+(\.\d+)?$/,
};

export function compileRoute(template: string): HttpRoute {
  const segments = template.replace(/^\/+|\/+$/g, '').split('/').filter((s) => s.length > 0).map((s) => parseSegment(s, template));
  return {
    template,
    precedence: segments.map((s) => (s.kind === 'literal' ? 3 : s.kind === 'catchAll' ? 0 : s.constraint ? 2 : 1)),
    match: (path) => matchSegments(segments, path),
  };
}

function parseSegment(text: string, template: string): Segment {
  const param = /^\{(\*)?([A-Za-z_][\w]*)(?::([A-Za-z]+)(?:\([^)]*\))?)?(\?)?\}$/.exec(text);
  if (param) {
    const [, star, name, constraint, optional] = param;
    if (star) return { kind: 'catchAll', name: name! };
    return { kind: 'param', name: name!, optional: optional === '?', constraint: constraint?.toLowerCase() };
  }
  if (/[{}]/.test(text)) {
    throw new TunnelwatchError('CONFIG.INVALID', `route '${template}': segment '${text}' is not supported by the local host (use whole-segment parameters)`);
  }
  return { kind: 'literal', text };
}

function matchSegments(segments: readonly Segment[], path: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const value = path[i];
    if (segment.kind === 'catchAll') {
      if (path.length > i) params[segment.name] = path.slice(i).join('/');
      return params;
    }
    if (value === undefined) {
      return segment.kind === 'param' && segment.optional && segments.slice(i + 1).every(isOptional) ? params : undefined;
    }
    if (segment.kind === 'literal') {
      if (segment.text.toLowerCase() !== value.toLowerCase()) return undefined;
    } else {
      const rule = segment.constraint ? CONSTRAINTS[segment.constraint] : undefined;
      if (rule && !rule.test(value)) return undefined;
      params[segment.name] = value;
    }
  }
  return path.length === segments.length ? params : undefined;
}

function isOptional(segment: Segment): boolean {
  return segment.kind === 'catchAll' || (segment.kind === 'param' && segment.optional);
}

/** Orders routes so the most specific is tried first. */
export function byPrecedence(a: HttpRoute, b: HttpRoute): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (b.precedence[i] ?? -1) - (a.precedence[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
