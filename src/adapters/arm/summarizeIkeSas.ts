/** IKE SA fields worth keeping as evidence (GetIkeSas); compared case-insensitively. Anything else is dropped. */
const ALLOWED_FIELDS = new Set(
  [
    'status',
    'data',
    'localEndpoint',
    'remoteEndpoint',
    'ikeVersion',
    'state',
    'quickModeSasCount',
    'quickModeSa',
    'encryption',
    'integrity',
    'dhGroup',
    'pfsGroupId',
    'isSaInitiator',
    'lifeTimeSeconds',
    'lifetimeKilobytes',
    'elapsedTimeInSeconds',
    'localTrafficSelectors',
    'remoteTrafficSelectors',
    'localUdpEncapsulationPort',
    'remoteUdpEncapsulationPort',
    'inboundPacketsCount',
    'outboundPacketsCount',
    'inboundBytesCount',
    'outboundBytesCount',
  ].map((f) => f.toLowerCase()),
);

/**
 * A short, secret-free summary of a GetIkeSas result (a JSON string in ARM's examples). Only allow-listed fields
 * are kept (array items too): a field added by a future api-version, such as key material, is dropped unless listed
 * here. A result that is not JSON is withheld; the summary is bounded so audit rows stay small.
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
  if (typeof value === 'string') return `unparsed result withheld (${value.length} characters)`;
  const text =
    JSON.stringify(value, function (this: unknown, key, v: unknown) {
      return key === '' || Array.isArray(this) || ALLOWED_FIELDS.has(key.toLowerCase()) ? v : undefined;
    }) ?? 'empty';
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
