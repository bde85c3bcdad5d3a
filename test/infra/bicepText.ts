/**
 * A small, tolerant reader of the Bicep text in infra/ for tests (not a Bicep parser): it finds declarations
 * and the top-level keys of a named object literal, skipping braces inside strings and comments.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const infraDir = path.join(repoRoot, 'infra');

export function readInfra(relative: string): string {
  return readFileSync(path.join(infraDir, relative), 'utf8');
}

/** Every file under infra/, as paths relative to infra/ with forward slashes. */
export function infraFiles(dir = infraDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return infraFiles(full);
    return [path.relative(infraDir, full).split(path.sep).join('/')];
  });
}

/** The text with comments and string contents blanked (same length), so braces can be counted safely. */
export function blankStringsAndComments(text: string): string {
  return text.replace(/'''[\s\S]*?'''|'(?:\\.|[^'\\\n])*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
}

/** The text between the braces of the object literal that follows `header` (e.g. `var tunnelwatchSettings =`). */
export function objectBody(text: string, header: string): string {
  const start = text.indexOf(header);
  if (start < 0) throw new Error(`'${header}' not found`);
  const blanked = blankStringsAndComments(text);
  const open = blanked.indexOf('{', start + header.length);
  let depth = 0;
  for (let i = open; i < blanked.length; i++) {
    if (blanked[i] === '{') depth++;
    if (blanked[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced braces after '${header}'`);
}

/** Keys of the object body at its own level (nested objects and arrays are skipped). */
export function topLevelKeys(body: string): string[] {
  const blanked = blankStringsAndComments(body);
  const keys: string[] = [];
  let depth = 0;
  let lineStart = 0;
  for (let i = 0; i <= blanked.length; i++) {
    const ch = blanked[i];
    if (ch === '\n' || i === blanked.length) {
      if (depth === 0) {
        const match = /^\s*'?([A-Za-z_][\w.-]*)'?\s*:/.exec(body.slice(lineStart, i));
        if (match) keys.push(match[1]!);
      }
      lineStart = i + 1;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return keys;
}

/** Values of the object body's single-line entries, by key (multi-line values are left out). */
export function entryValues(body: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const m of body.matchAll(/^\s*'?([A-Za-z_][\w.-]*)'?\s*:\s*(.+?)\s*$/gm)) values.set(m[1]!, m[2]!);
  return values;
}

export interface ParamDeclaration {
  readonly type: string;
  /** The default as written in Bicep, or undefined when the parameter is required. */
  readonly defaultText?: string;
  /** The decorator lines just above the declaration. */
  readonly decorators: string;
}

export function paramDeclarations(text: string): Map<string, ParamDeclaration> {
  const params = new Map<string, ParamDeclaration>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const m = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+?))?\s*$/.exec(line);
    if (!m) return;
    let first = index;
    while (first > 0 && lines[first - 1]!.trimStart().startsWith('@')) first--;
    params.set(m[1]!, { type: m[2]!, defaultText: m[3], decorators: lines.slice(first, index).join('\n') });
  });
  return params;
}

export function varDeclarations(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/^var\s+(\w+)\s*=\s*(.+?)\s*$/gm)) vars.set(m[1]!, m[2]!);
  return vars;
}

/** Identifiers in a Bicep expression, outside string literals. */
export function identifiersIn(expression: string): string[] {
  return [...blankStringsAndComments(expression).matchAll(/\b[A-Za-z_]\w*\b/g)].map((m) => m[0]);
}

/** The parameters an expression depends on, following `var`s (bounded, as vars cannot be cyclic). */
export function paramsFeeding(expression: string, params: ReadonlyMap<string, unknown>, vars: ReadonlyMap<string, string>, depth = 0): string[] {
  if (depth > 5) return [];
  return [...new Set(identifiersIn(expression).flatMap((id) => {
    if (params.has(id)) return [id];
    const definition = vars.get(id);
    return definition === undefined ? [] : paramsFeeding(definition, params, vars, depth + 1);
  }))];
}

/** A Bicep literal default as the string an app setting would carry ('' for an empty array or string). */
export function settingValueOfDefault(defaultText: string): string {
  const text = defaultText.trim();
  if (text === '[]') return '';
  const quoted = /^'(.*)'$/.exec(text);
  return quoted ? quoted[1]!.replace(/\\'/g, "'") : text;
}
