import { Fleet } from './Fleet';
import { makeClassic, makeConnection, makeGateway } from './fleetBuilder';
import { buildContext, EXAMPLE_FLEET_SEED } from './generateFleet';

/**
 * A fleet holding the names used by the official examples in shared/reference/arm (subscription `subid`,
 * `rg1/gateway1/vpnConnection1/Connection-Link1`, classic `connS2S`, ...), so each example request can be replayed
 * against the simulator and the answers compared field by field.
 */
export function buildExampleFleet(now: number): Fleet {
  const ctx = buildContext(EXAMPLE_FLEET_SEED, now);
  const fleet = new Fleet();
  const subscriptionId = 'subid';
  const gateway1 = makeGateway(ctx, { subscriptionId, resourceGroup: 'rg1', name: 'gateway1', location: 'West US', hubName: 'virtualHub1' });
  fleet.addGateway(gateway1);
  fleet.addConnection(
    makeConnection(ctx, gateway1, {
      name: 'vpnConnection1',
      siteName: 'vpnSite1',
      links: [
        { name: 'Connection-Link1', siteLinkName: 'siteLink1', mode: 'ResponderOnly' },
        { name: 'Connection-Link2', siteLinkName: 'siteLink2', mode: 'InitiatorOnly' },
      ],
    }),
  );
  const gateway2 = makeGateway(ctx, { subscriptionId, resourceGroup: 'rg2', name: 'gateway2', location: 'West US', hubName: 'virtualHub2' });
  fleet.addGateway(gateway2);
  fleet.addConnection(
    makeConnection(ctx, gateway2, {
      name: 'vpnConnection2',
      siteName: 'vpnSite2',
      links: [{ name: 'Connection-Link1', siteLinkName: 'siteLink1', mode: 'Default' }],
    }),
  );
  const classic = (name: string, gatewayName: string, peerName: string, location: string): void =>
    fleet.addClassic(
      makeClassic(ctx, {
        subscriptionId,
        resourceGroup: 'rg1',
        name,
        location,
        connectionType: 'IPsec',
        gatewayName,
        peerName,
        authenticationType: name === 'connS2S' ? 'Certificate' : 'PSK',
      }),
    );
  classic('conn1', 'vpngw1', 'localgw1', 'centralus');
  classic('conn2', 'vpngw2', 'localgw2', 'eastus');
  classic('connS2S', 'vpngw', 'localgw', 'centralus');
  classic('vpngwcn1', 'vpngw', 'localgw3', 'westus');
  fleet.addClassic(
    makeClassic(ctx, {
      subscriptionId,
      resourceGroup: 'testrg',
      name: 'test-vpn-connection',
      location: 'eastus',
      connectionType: 'Vnet2Vnet',
      gatewayName: 'test-vpn-gateway-1',
      peerName: 'testrg-2/test-vpn-gateway-2',
    }),
  );
  return fleet;
}
