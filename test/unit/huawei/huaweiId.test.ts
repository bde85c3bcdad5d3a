import { describe, expect, it } from 'vitest';
import { huaweiConnectionId, huaweiGatewayId, huaweiScopeId, isHuaweiId, parseHuaweiId } from '../../../src/core/huawei/huaweiId';
import { linkGroupOf } from '../../../src/core/ids/linkGroup';
import { linkKeyFromId, stateRowKeyOfGroup, stateRowKeyOfLinkKey } from '../../../src/core/ids/linkKey';
import { linkInScope } from '../../../src/core/scope';

const ref = { region: 'ap-southeast-1', projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' };
const connection = '98c5af8a-6ba0-4a1a-8c9f-2d2f1a3b4c5d';

describe('Huawei ids', () => {
  it('builds scope, gateway and connection ids that parse back', () => {
    const id = huaweiConnectionId(ref, connection);
    expect(id).toBe(`/huawei/regions/ap-southeast-1/projects/${ref.projectId}/vpnconnections/${connection}`);
    expect(parseHuaweiId(id)).toEqual({ ...ref, type: 'vpnConnections', name: connection });
    expect(parseHuaweiId(huaweiGatewayId(ref, 'vgw-1'))).toEqual({ ...ref, type: 'vpnGateways', name: 'vgw-1' });
    expect(parseHuaweiId(huaweiScopeId(ref))).toEqual(ref);
    expect(isHuaweiId(id)).toBe(true);
  });

  it('rejects ARM ids and malformed paths', () => {
    expect(parseHuaweiId('/subscriptions/s/resourceGroups/rg')).toBeUndefined();
    expect(isHuaweiId('/subscriptions/s')).toBe(false);
    expect(parseHuaweiId('/huawei/regions/ap-southeast-1/projects')).toBeUndefined();
    expect(parseHuaweiId(`/huawei/regions/ap-southeast-1/projects/${ref.projectId}/subnets/x`)).toBeUndefined();
    expect(parseHuaweiId('/huawei/regions/a b/projects/p')).toBeUndefined();
  });

  it('groups a connection under its project, so its key finds its state row', () => {
    const id = huaweiConnectionId(ref, connection);
    const group = linkGroupOf(id);
    expect(group).toEqual({ targetId: huaweiScopeId(ref), connectionId: id });
    expect(stateRowKeyOfLinkKey(linkKeyFromId(id))).toBe(stateRowKeyOfGroup(group!));
    expect(linkGroupOf(huaweiGatewayId(ref, 'vgw-1'))).toBeUndefined();
  });

  it('is in scope of its project, not of another project', () => {
    const id = huaweiConnectionId(ref, connection);
    const link = { id, connectionId: id, gatewayId: huaweiGatewayId(ref, 'vgw-1') };
    const scope = (projectId: string) => ({ kind: 'resourceGroup' as const, id: huaweiScopeId({ ...ref, projectId }), subscriptionId: projectId, resourceGroup: ref.region });
    expect(linkInScope(link, [scope(ref.projectId)])).toBe(true);
    expect(linkInScope(link, [scope('ffffffffffffffffffffffffffffffff')])).toBe(false);
  });
});
