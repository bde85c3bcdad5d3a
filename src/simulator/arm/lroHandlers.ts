import type { ArmOperationId } from '../../adapters/arm/armOperations';
import { ArmHttpError, errorBody, type ArmRequest, type ArmResponse } from './armHttp';
import type { SimTunnelOwner } from '../fleetModel';
import type { RouteParams } from './armRoutes';
import { regionOf, type SimOperation } from './OperationBook';
import { findClassic, findLink, requireSubscription, type Handler } from './readHandlers';
import { renderIkeSas } from './renderClassic';
import type { SimulatorEngine } from '../SimulatorEngine';

/**
 * The long-running POST actions and their status resources (LRO.md). Like ARM, every action answers 202 with both
 * `Azure-AsyncOperation` (status resource, always 200) and `Location` (202 while running, then the result), each
 * absolute under /subscriptions/{s}/providers/Microsoft.Network/locations/{region}/, with `Retry-After`.
 */
type Action = 'reset' | 'ikesas';
type StatusKind = 'operations' | 'operationResults';

function startAction(
  engine: SimulatorEngine,
  request: ArmRequest,
  owner: SimTunnelOwner,
  action: Action,
): ArmResponse {
  if (action === 'reset' && owner.kind === 'classic' && owner.connectionType === 'ExpressRoute') {
    throw new ArmHttpError(
      400,
      'OperationNotSupported',
      `ResetConnection is not supported for ExpressRoute connection '${owner.name}'.`,
    );
  }
  const now = engine.now();
  const target = {
    operation: request.operation,
    resourceId: owner.id.toLowerCase(),
    explicitOnly: action !== 'reset',
  };
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
    resourceId: owner.id,
    startedAt: now,
    doneAt: now + lroDurationMs,
    ...(action === 'ikesas' && !failed ? { result: renderIkeSas(owner, now) } : {}),
    ...(failed
      ? {
          error: {
            code: 'InternalServerError',
            message: `The operation ${request.operation} on '${owner.id}' failed (simulated fault reset-fails).`,
          },
        }
      : {}),
  });
  return {
    status: 202,
    headers: {
      'Azure-AsyncOperation': statusUrl(request, operation, 'operations'),
      Location: statusUrl(request, operation, 'operationResults'),
      ...retryAfter(engine),
    },
  };
}

const retryAfter = (engine: SimulatorEngine): Record<string, string> => ({
  'Retry-After': String(engine.settings.retryAfterSeconds),
});

function statusPath(operation: SimOperation, kind: StatusKind): string {
  return `/subscriptions/${operation.subscriptionId}/providers/Microsoft.Network/locations/${operation.region}/${kind}/${operation.id}`;
}

function statusUrl(request: ArmRequest, operation: SimOperation, kind: StatusKind): string {
  return `${request.baseUrl}${statusPath(operation, kind)}?api-version=${encodeURIComponent(request.apiVersion)}`;
}

/** The operation a status URL names, in the subscription the URL names (another subscription's id is a 404). */
export function findOperation(engine: SimulatorEngine, params: RouteParams): SimOperation | undefined {
  const operation = engine.operations.get(params.operationId ?? '');
  return operation?.subscriptionId.toLowerCase() === params.sub?.toLowerCase() ? operation : undefined;
}

function requireOperation(engine: SimulatorEngine, request: ArmRequest): SimOperation {
  requireSubscription(engine, request);
  const operation = findOperation(engine, request.params);
  if (!operation)
    throw new ArmHttpError(
      404,
      'ResourceNotFound',
      `The operation '${request.params.operationId}' was not found.`,
    );
  return operation;
}

/** Location URL: 202 (no body) while running, then exactly what the synchronous call would have answered. */
function pollOperationResult(engine: SimulatorEngine, request: ArmRequest): ArmResponse {
  const operation = requireOperation(engine, request);
  if (engine.now() < operation.doneAt) {
    return {
      status: 202,
      headers: { Location: statusUrl(request, operation, 'operationResults'), ...retryAfter(engine) },
    };
  }
  if (operation.error) return { status: 500, body: errorBody(operation.error.code, operation.error.message) };
  if (operation.result !== undefined) return { status: 200, body: operation.result };
  return { status: 204 };
}

/** Azure-AsyncOperation URL: always 200, the status is in the body; Retry-After while running. */
function pollOperationStatus(engine: SimulatorEngine, request: ArmRequest): ArmResponse {
  const operation = requireOperation(engine, request);
  const done = engine.now() >= operation.doneAt;
  const status = !done ? 'InProgress' : operation.error ? 'Failed' : 'Succeeded';
  return {
    status: 200,
    headers: done ? {} : retryAfter(engine),
    body: {
      id: statusPath(operation, 'operations'),
      name: operation.id,
      status,
      startTime: new Date(operation.startedAt).toISOString(),
      ...(done ? { endTime: new Date(operation.doneAt).toISOString() } : {}),
      ...(done && operation.error ? { error: operation.error } : {}),
    },
  };
}

export const lroHandlers = {
  VpnLinkConnections_ResetConnection: (engine, request) =>
    startAction(engine, request, findLink(engine, request), 'reset'),
  VpnLinkConnections_GetIkeSas: (engine, request) =>
    startAction(engine, request, findLink(engine, request), 'ikesas'),
  VirtualNetworkGatewayConnections_ResetConnection: (engine, request) =>
    startAction(engine, request, findClassic(engine, request), 'reset'),
  VirtualNetworkGatewayConnections_GetIkeSas: (engine, request) =>
    startAction(engine, request, findClassic(engine, request), 'ikesas'),
  Network_Locations_OperationResults: pollOperationResult,
  Network_Locations_Operations: pollOperationStatus,
} satisfies Partial<Record<ArmOperationId, Handler>>;
