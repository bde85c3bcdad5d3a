/**
 * RFC 4180 CSV (CRLF, quoted when needed). Text cells that a spreadsheet would run as a formula
 * (=, +, -, @ at the start, also after leading whitespace or line breaks) are prefixed with a quote mark: link names come from ARM and are not trusted.
 */
export type CsvCell = string | number | boolean | undefined | null;

export function renderCsv(columns: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [columns, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: CsvCell): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return String(value);
  // Spreadsheets skip leading blanks and line breaks before a formula sign, so look past them too.
  const safe = /^\s*[=+\-@]|^[\t\r\n]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
