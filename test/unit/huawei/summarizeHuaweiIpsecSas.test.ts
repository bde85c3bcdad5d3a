import { describe, expect, it } from 'vitest';
import { summarizeHuaweiIpsecSas } from '../../../src/core/huawei/summarizeHuaweiIpsecSas';

describe('summarizeHuaweiIpsecSas', () => {
  it('keeps only the allow-listed SaInfo fields, strings and numbers only', () => {
    const text = summarizeHuaweiIpsecSas([{ id: 'sa-1', packets_sent: 5, traffic_recv: 9007199254740993n, psk: 'secret', dest_ip_cidr: { nested: 'x' }, collected_at: '2026-11-26T17:59:00Z' }]);
    expect(text).toBe('ipsec-sa: 1 SA [{"id":"sa-1","packets_sent":5,"traffic_recv":"9007199254740993","collected_at":"2026-11-26T17:59:00Z"}]');
  });

  it('says so when there is no SA, keeps at most 16 SAs and bounds the text', () => {
    expect(summarizeHuaweiIpsecSas([])).toBe('ipsec-sa: no IPsec SA');
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `sa-${i}`, source_ip_cidr: '10.0.0.0/24', dest_ip_cidr: '10.1.0.0/24', traffic_sent: i }));
    const text = summarizeHuaweiIpsecSas(many);
    expect(text.startsWith('ipsec-sa: 40 SAs (+24 more) ')).toBe(true);
    expect(text).toContain('"sa-15"');
    expect(text).not.toContain('"sa-16"');
    expect(text.length).toBeLessThanOrEqual(2001);
  });
});
