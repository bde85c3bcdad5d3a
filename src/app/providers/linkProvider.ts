import type { FleetReader } from '../monitoring/monitoringPorts';
import type { ScopePermissions } from '../../core/permissions/assessPermissions';
import type { NetworkActions } from '../ports';

/**
 * One cloud's VPN connections behind the provider seam: discovery, polling, the fresh read before a reset and the
 * reset itself. Azure (vWAN and classic, over ARM) is one provider, Huawei Cloud VPN another. Everything above the
 * seam (guards, incidents, audit, rollups, API, CLI, dashboard) sees links only as LinkTopology / LinkSnapshot.
 * A provider owns ids by their shape (ARM ids `/subscriptions/…`, Huawei ids `/huawei/regions/…`): scopes, poll
 * targets, gateways, links and operation tokens are routed to the provider that owns them.
 */
export interface LinkProvider {
  readonly name: 'azure' | 'huawei';
  /** True when this provider owns the id (scope, poll target, gateway, link or operation token). */
  owns(id: string): boolean;
  readonly fleet: FleetReader;
  readonly actions: NetworkActions;
  /**
   * What the identity may do in each of this provider's scopes (`doctor`), when the provider checks it itself
   * (Huawei); Azure's is the ARM permission read beside it.
   */
  readonly checkPermissions?: () => Promise<ScopePermissions[]>;
}
