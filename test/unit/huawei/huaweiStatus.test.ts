import { describe, expect, it } from 'vitest';
import { HUAWEI_HELD_STATUSES, mapHuaweiStatus } from '../../../src/core/huawei/huaweiStatus';
import { isDownStatus } from '../../../src/core/trackLinkState';

describe('Huawei status mapping', () => {
  it('reads ACTIVE as Connected and the down set as NotConnected', () => {
    expect(mapHuaweiStatus('ACTIVE')).toBe('Connected');
    expect(mapHuaweiStatus('DOWN')).toBe('NotConnected');
    expect(mapHuaweiStatus('ERROR')).toBe('NotConnected');
    expect(mapHuaweiStatus('active')).toBe('Connected');
  });

  it('follows a configured down set', () => {
    expect(mapHuaweiStatus('ERROR', ['DOWN'])).toBe('ERROR');
    expect(mapHuaweiStatus('DOWN', ['DOWN'])).toBe('NotConnected');
  });

  it('keeps pending and frozen statuses as reported, and never counts them down', () => {
    for (const held of HUAWEI_HELD_STATUSES) {
      expect(mapHuaweiStatus(held)).toBe(held);
      expect(isDownStatus(mapHuaweiStatus(held), ['NotConnected', 'Unknown', 'Connecting'])).toBe(false);
    }
  });

  it('reads a missing status as Unknown and keeps one Huawei may add', () => {
    expect(mapHuaweiStatus(undefined)).toBe('Unknown');
    expect(mapHuaweiStatus('MIGRATING')).toBe('MIGRATING');
    expect(isDownStatus('MIGRATING', ['Unknown'])).toBe(true);
  });
});
