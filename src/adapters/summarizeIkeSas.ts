/**
 * A short, secret-free summary of a GetIkeSas result (a JSON string in ARM's examples). Keys whose names suggest
 * key material are dropped; the result is bounded so audit rows stay small.
 */
export function summarizeIkeSas(result: unknown): string {
  let value: unknown = result;
  for (let i = 0; i < 3 && typeof value === 'string'; i++) {
    try {
      value = JSON.parse(value);
    } catch {
      break;
    }
  }
  const text = JSON.stringify(value, (key, v: unknown) => (/key|secret|psk|password/i.test(key) ? undefined : v)) ?? 'empty';
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
