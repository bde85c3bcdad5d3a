import { describe, expect, it } from 'vitest';
import { parseHuaweiSpec } from '../../../src/simulator/huawei/parseHuaweiSpec';

describe('the CLI --huawei value', () => {
  it('reads <region>:<project_id>[:<connections>] per project and pairs links in the first', () => {
    expect(parseHuaweiSpec('ap-southeast-1:0123456789abcdef0123456789abcdef:6,cn-north-4:fedcba9876543210fedcba9876543210', ['/l'])).toEqual({
      projects: [
        { region: 'ap-southeast-1', projectId: '0123456789abcdef0123456789abcdef', connections: 6, pairedLinks: ['/l'] },
        { region: 'cn-north-4', projectId: 'fedcba9876543210fedcba9876543210', connections: 4 },
      ],
    });
    expect(parseHuaweiSpec('')).toEqual({ projects: [] });
    expect(() => parseHuaweiSpec('ap-southeast-1')).toThrow(/region/);
    expect(() => parseHuaweiSpec('ap-southeast-1:p:x')).toThrow();
    expect(() => parseHuaweiSpec('', ['/l'])).toThrow(/--huawei/);
  });
});
