/**
 * Reading HTTP query parameters into typed, bounded values (pure). Every reader records a problem naming the
 * parameter instead of throwing, so one 400 answer can list every bad parameter at once.
 */
export interface QueryProblem {
  readonly parameter: string;
  readonly message: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly QueryProblem[] };

/** The shape of URLSearchParams that the parsers need. */
export interface ParamSource {
  get(name: string): string | null;
}

// Strict ISO 8601 with a zone: an operator's "yesterday" must not silently become a local time.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export class ParamReader {
  readonly problems: QueryProblem[] = [];
  constructor(private readonly params: ParamSource) {}

  private text(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value.trim() === '' ? undefined : value.trim();
  }

  fail(parameter: string, message: string): void {
    this.problems.push({ parameter, message });
  }

  instant(name: string): number | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    const ms = ISO_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms) || ms < EARLIEST || ms >= LATEST) {
      this.fail(name, `${name} must be an ISO 8601 time with a zone between 2000 and 2100, e.g. 2026-01-31T12:00:00Z (got '${clip(text)}')`);
      return undefined;
    }
    return ms;
  }

  integer(name: string, min: number, max: number, fallback: number): number {
    const text = this.text(name);
    if (text === undefined) return fallback;
    if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
      this.fail(name, `${name} must be a whole number from ${min} to ${max} (got '${clip(text)}')`);
      return fallback;
    }
    return Number(text);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const text = this.text(name);
    if (text === undefined) return fallback;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.fail(name, `${name} must be one of ${allowed.join(', ')} (got '${clip(text)}')`);
    return fallback;
  }

  /** A free-text filter value (names, statuses): bounded length, printable, no quotes games needed (odata escapes). */
  name(name: string, maxLength = 80): string | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    // eslint-disable-next-line no-control-regex
    if (text.length > maxLength || /[\u0000-\u001f\u007f-\u009f]/.test(text)) {
      this.fail(name, `${name} must be at most ${maxLength} printable characters`);
      return undefined;
    }
    return text;
  }

  token(name: string): string | undefined {
    const text = this.text(name);
    if (text !== undefined && (text.length > 4096 || !/^[A-Za-z0-9._-]+$/.test(text))) {
      this.fail(name, `${name} is not a continuation token issued by this API`);
      return undefined;
    }
    return text;
  }

  result<T>(value: T): Parsed<T> {
    return this.problems.length > 0 ? { ok: false, problems: [...this.problems] } : { ok: true, value };
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
