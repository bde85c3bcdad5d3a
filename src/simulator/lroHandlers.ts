import type { ArmOperationId } from '../adapters/armOperations';
import { ArmHttpError, errorBody, type ArmRequest, type ArmResponse } from './armHttp';
import type { SimTunnelOwner } from './fleetModel';
import { regionOf, type PollStyle, type SimOperation } from './OperationBook';
import { findClassic, findLink, requireSubscription, type Handler } from './readHandlers';
import { renderIkeSas } from './renderClassic';
import type { SimulatorEngine } from './SimulatorEngine';

/**
 * The long-running POST actions and their polling URLs (LRO.md). vWAN actions and classic GetIkeSas answer 202
 * with `Location`; classic ResetConnection answers with `Azure-AsyncOperation`, as the official examples do.
 */
type Action = 'reset' | 'ikesas';

function startAction(engine: SimulatorEngine, request: ArmRequest, owner: SimTunnelOwner, action: Action, style: PollStyle): ArmResponse {
  if (action === 'reset' && owner.kind === 'classic' && owner.connectionType === 'ExpressRoute') {
    throw new ArmHttpError(400, 'OperationNotSupported', `ResetConnection is not supported for ExpressRoute connection '${owner.name}'.`);
  }
  const now = engine.now();
  const target = { operation: request.operation, resourceId: owner.id.toLowerCase(), explicitOnly: action !== 'reset' };
  const outcome = engine.faults.firstFiring(target, ['reset-fails', 'reset-no-effect']);
  const { lroDurationMs, recoveryAfterResetMs } = engine.settings;
  if (action === 'reset') {
    engine.countReset(owner);
    if (outcome === undefined) owner.tunnel.applyReset(now, lroDurationMs + recoveryAfterResetMs);
  }
  const failed = outcome === 'reset-fails';
  const location = owner.kind === 'vwan' ? owner.connection.gateway.location : owner.location;
  const operation = engine.operations.start({
    operation: request.operation,
    subscriptionId: request.params.sub!,
    region: regionOf(location),
    style,
    startedAt: now,
    doneAt: now + lroDurationMs,
    ...(action === 'ikesas' && !failed ? { result: renderIkeSas(owner, now) } : {}),
    ...(failed ? { error: { code: 'InternalServerError', message: `The operation ${request.operation} on '${owner.id}' failed (simulated fault reset-fails).` } } : {}),
  });
  const header = style === 'location' ? 'Location' : 'Azure-AsyncOperation';
  return { status: 202, headers: { [header]: pollUrl(request, operation), 'Retry-After': String(engine.settings.retryAfterSeconds) } };
}

function pollUrl(request: ArmRequest, operation: SimOperation): string {
  const kind = operation.style === 'location' ? 'operationResults' : 'operations';
  const path = `/subscriptions/${operation.subscriptionId}/providers/Microsoft.Network/locations/${operation.region}/${kind}/${operation.id}`;
  return `${request.baseUrl}${path}?api-version=${encodeURIComponent(request.apiVersion)}`;
}

function findOperation(engine: SimulatorEngine, request: ArmRequest, style: PollStyle): SimOperation {
  requireSubscription(engine, request);
  const operation = engine.operations.get(request.params.operationId!);
  const sameScope = operation?.subscriptionId.toLowerCase() === request.params.sub!.toLowerCase();
  if (!operation || !sameScope || operation.style !== style) {
    throw new ArmHttpError(404, 'ResourceNotFound', `The operation '${request.params.operationId}' was not found.`);
  }
  return operation;
}

/** Location style: 202 while running, then exactly what the synchronous call would have answered. */
function pollOperationResult(engine: SimulatorEngine, request: ArmRequest): ArmResponse {
  const operation = findOperation(engine, request, 'location');
  if (engine.now() < operation.doneAt) {
    return { status: 202, headers: { Location: pollUrl(request, operation), 'Retry-After': String(engine.settings.retryAfterSeconds) } };
  }
  if (operation.error) return { status: 500, body: errorBody(operation.error.code, operation.error.message) };
  if (operation.result !== undefined) return { status: 200, body: operation.result };
  return { status: 204 };
}

/** Azure-AsyncOperation style: always 200, the status is in the body. */
function pollOperationStatus(engine: SimulatorEngine, request: ArmRequest): ArmResponse {
  const operation = findOperation(engine, request, 'azure-async-operation');
  const now = engine.now();
  const done = now >= operation.doneAt;
  const status = !done ? 'InProgress' : operation.error ? 'Failed' : 'Succeeded';
  const running: Record<string, string> = done ? {} : { 'Retry-After': String(engine.settings.retryAfterSeconds) };
  return {
    status: 200,
    headers: running,
    body: {
      id: `/subscriptions/${operation.subscriptionId}/providers/Microsoft.Network/locations/${operation.region}/operations/${operation.id}`,
      name: operation.id,
      status,
      startTime: new Date(operation.startedAt).toISOString(),
      ...(done ? { endTime: new Date(operation.doneAt).toISOString() } : {}),
      ...(done && operation.error ? { error: operation.error } : {}),
    },
  };
}

export const lroHandlers = {
  VpnLinkConnections_ResetConnection: (engine, request) => startAction(engine, request, findLink(engine, request), 'reset', 'location'),
  VpnLinkConnections_GetIkeSas: (engine, request) => startAction(engine, request, findLink(engine, request), 'ikesas', 'location'),
  VirtualNetworkGatewayConnections_ResetConnection: (engine, request) =>
    startAction(engine, request, findClassic(engine, request), 'reset', 'azure-async-operation'),
  VirtualNetworkGatewayConnections_GetIkeSas: (engine, request) =>
    startAction(engine, request, findClassic(engine, request), 'ikesas', 'location'),
  Network_Locations_OperationResults: pollOperationResult,
  Network_Locations_Operations: pollOperationStatus,
} satisfies Partial<Record<ArmOperationId, Handler>>;
