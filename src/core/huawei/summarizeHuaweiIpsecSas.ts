import { asObject, asString } from '../snapshot/rawValues';

/** The ListConnectionIpsecSa `sa_infos` fields kept as evidence (SaInfo in Huawei's SDKs); anything else is dropped. */
const ALLOWED_FIELDS = ['id', 'source_ip_cidr', 'dest_ip_cidr', 'packets_sent', 'packets_recv', 'traffic_sent', 'traffic_recv', 'collected_at'] as const;
const MAX_SAS = 16;
const MAX_SUMMARY = 2000;

/**
 * A short, secret-free summary of a connection's IPsec SAs (`GET /v5/{project_id}/vpn-connection/{id}/ipsec-sa`),
 * Huawei's counterpart of ARM's GetIkeSas in the audit before a reset. An allow-list: only the fields above, strings
 * and numbers only, at most 16 SAs, bounded in length. No SA is positive evidence of nothing: it is said as such.
 */
export function summarizeHuaweiIpsecSas(items: readonly unknown[]): string {
  if (items.length === 0) return 'ipsec-sa: no IPsec SA';
  const kept = items.slice(0, MAX_SAS).map((item) => {
    const sa = asObject(item);
    const fields: Record<string, string | number> = {};
    for (const name of ALLOWED_FIELDS) {
      const value = sa?.[name];
      if (typeof value === 'number' && Number.isFinite(value)) fields[name] = value;
      else if (typeof value === 'bigint') fields[name] = value.toString();
      else {
        const text = asString(value, 64);
        if (text !== undefined) fields[name] = text;
      }
    }
    return fields;
  });
  const more = items.length > MAX_SAS ? ` (+${items.length - MAX_SAS} more)` : '';
  const text = `ipsec-sa: ${items.length} SA${items.length === 1 ? '' : 's'}${more} ${JSON.stringify(kept)}`;
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY)}…` : text;
}
