import { describe, expect, it } from 'vitest';
import { DEFAULT_HUAWEI_DOWN_STATUSES, HUAWEI_HELD_STATUSES, huaweiProvisioningState, mapHuaweiStatus } from '../../../src/core/huawei/huaweiStatus';
import { isDownStatus as isGuardDownStatus } from '../../../src/core/remediation/blastRadius';
import { isDownStatus } from '../../../src/core/linkState/trackLinkState';

describe('Huawei status mapping', () => {
  it('reads ACTIVE as Connected and the down set as NotConnected', () => {
    expect(mapHuaweiStatus('ACTIVE')).toBe('Connected');
    expect(mapHuaweiStatus('DOWN')).toBe('NotConnected');
    expect(mapHuaweiStatus('active')).toBe('Connected');
  });

  it('reads ERROR as a failed provisioning, not connected, whatever the down set', () => {
    expect(mapHuaweiStatus('ERROR', ['DOWN'])).toBe('NotConnected');
    expect(huaweiProvisioningState('ERROR')).toBe('Failed');
    expect(huaweiProvisioningState('DOWN')).toBe('Succeeded');
    expect(DEFAULT_HUAWEI_DOWN_STATUSES).toEqual(['DOWN']);
  });

  it('holds UNKNOWN: shown as reported, never down (poller and remediation guards alike)', () => {
    expect(HUAWEI_HELD_STATUSES).toContain('UNKNOWN');
    expect(mapHuaweiStatus('UNKNOWN')).toBe('UNKNOWN');
    expect(isDownStatus('UNKNOWN', ['NotConnected', 'Unknown', 'Connecting'])).toBe(false);
    expect(isGuardDownStatus('UNKNOWN', ['NotConnected', 'Unknown', 'Connecting'])).toBe(false);
  });

  it('keeps pending and frozen statuses as reported, and never counts them down', () => {
    for (const held of HUAWEI_HELD_STATUSES) {
      expect(mapHuaweiStatus(held)).toBe(held);
      expect(isDownStatus(mapHuaweiStatus(held), ['NotConnected', 'Unknown', 'Connecting'])).toBe(false);
      expect(isGuardDownStatus(mapHuaweiStatus(held), ['NotConnected', 'Unknown', 'Connecting'])).toBe(false);
    }
  });

  it('reads a missing status as Unknown and keeps one Huawei may add', () => {
    expect(mapHuaweiStatus(undefined)).toBe('Unknown');
    expect(mapHuaweiStatus('MIGRATING')).toBe('MIGRATING');
    expect(isDownStatus('MIGRATING', ['Unknown'])).toBe(true);
  });
});
