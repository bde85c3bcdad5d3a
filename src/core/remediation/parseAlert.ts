import { TunnelwatchError } from '../errors';
import { ALERT_BOUNDS } from './alertBounds';
import { alertTargets, type AlertTarget } from './alertTargets';

export type { AlertTarget } from './alertTargets';

export interface ParsedAlert {
  readonly kind: 'actionable' | 'ignored';
  readonly reason: string;
  /** Stable id of the alert instance (common schema alertId; legacy: rule id + timestamp). */
  readonly alertId: string;
  /** Fired / Resolved (legacy Activated is reported as Fired). */
  readonly monitorCondition: string;
  readonly targets: readonly AlertTarget[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Azure Monitor's "test action group" payloads carry rule names such as test-metricAlertRule. */
const TEST_RULE = /^test-[a-z0-9]*alertrule(\b|-|$)/i;

/**
 * Reads an Azure Monitor action-group webhook body: the common alert schema or the legacy metric-alert schema.
 * An alert is a hint: this only says which VPN resources it names; the actuator decides on fresh ARM state.
 * Throws REQUEST.INVALID for a body that is not an alert at all (no string schemaId and object data), one that
 * claims a schema without the fields it requires, or one beyond ALERT_BOUNDS. Another schema is acknowledged.
 */
export function parseAlert(body: unknown): ParsedAlert {
  if (!isObj(body) || typeof body.schemaId !== 'string' || !isObj(body.data)) {
    throw new TunnelwatchError(
      'REQUEST.INVALID',
      'alert body must be a JSON object with a string schemaId and an object data',
    );
  }
  const schemaId = body.schemaId.toLowerCase();
  const alert =
    schemaId === 'azuremonitorcommonalertschema'
      ? parseCommon(body.data)
      : schemaId === 'azuremonitormetricalert'
        ? parseLegacyMetric(body.data)
        : undefined;
  if (!alert) return ignored('unsupported-schema', '', '');
  if (alert.alertId.length > ALERT_BOUNDS.maxAlertIdChars)
    throw new TunnelwatchError(
      'REQUEST.INVALID',
      `alert id is longer than ${ALERT_BOUNDS.maxAlertIdChars} characters`,
    );
  if (alert.monitorCondition.length > ALERT_BOUNDS.maxConditionChars)
    throw new TunnelwatchError(
      'REQUEST.INVALID',
      `monitor condition is longer than ${ALERT_BOUNDS.maxConditionChars} characters`,
    );
  return alert;
}

function parseCommon(data: unknown): ParsedAlert {
  const essentials = isObj(data) ? data.essentials : undefined;
  if (!isObj(data) || !isObj(essentials))
    throw new TunnelwatchError('REQUEST.INVALID', 'common alert schema: data.essentials is required');
  const alertId = str(essentials.alertId);
  const monitorCondition = str(essentials.monitorCondition);
  if (!alertId || !monitorCondition)
    throw new TunnelwatchError(
      'REQUEST.INVALID',
      'common alert schema: essentials.alertId and monitorCondition are required',
    );
  if (monitorCondition !== 'Fired') return ignored('resolved', alertId, monitorCondition);
  if (TEST_RULE.test(str(essentials.alertRule) ?? ''))
    return ignored('test-action', alertId, monitorCondition);
  const context = isObj(data.alertContext) ? data.alertContext : {};
  if (str(essentials.monitoringService) === 'Resource Health' && isHealthy(context))
    return ignored('resource-healthy', alertId, monitorCondition);
  const ids = Array.isArray(essentials.alertTargetIDs)
    ? essentials.alertTargetIDs.filter((v): v is string => typeof v === 'string')
    : [];
  const targets = alertTargets(ids, dimensionsOf(context.condition));
  return targets.length > 0
    ? { kind: 'actionable', reason: 'vpn-resource-alert', alertId, monitorCondition, targets }
    : ignored('not-a-vpn-resource', alertId, monitorCondition);
}

function parseLegacyMetric(data: unknown): ParsedAlert {
  const context = isObj(data) ? data.context : undefined;
  if (!isObj(data) || !isObj(context))
    throw new TunnelwatchError('REQUEST.INVALID', 'metric alert schema: data.context is required');
  const ruleId = str(context.id);
  const timestamp = str(context.timestamp);
  const status = str(data.status);
  if (!ruleId || !timestamp || !status)
    throw new TunnelwatchError(
      'REQUEST.INVALID',
      'metric alert schema: context.id, context.timestamp and status are required',
    );
  // Legacy alerts carry no alert id; a retried delivery repeats the same rule id and timestamp.
  const alertId = `${ruleId}@${timestamp}`;
  const monitorCondition = status === 'Activated' ? 'Fired' : status;
  if (monitorCondition !== 'Fired') return ignored('resolved', alertId, monitorCondition);
  if (TEST_RULE.test(str(context.name) ?? '')) return ignored('test-action', alertId, monitorCondition);
  const resourceId = str(context.resourceId);
  const targets = alertTargets(resourceId ? [resourceId] : [], dimensionsOf(context.condition));
  return targets.length > 0
    ? { kind: 'actionable', reason: 'vpn-resource-alert', alertId, monitorCondition, targets }
    : ignored('not-a-vpn-resource', alertId, monitorCondition);
}

function ignored(reason: string, alertId: string, monitorCondition: string): ParsedAlert {
  return { kind: 'ignored', reason, alertId, monitorCondition, targets: [] };
}

function isHealthy(context: Obj): boolean {
  const props = isObj(context.properties) ? context.properties : {};
  return str(props.currentHealthStatus) === 'Available' || str(context.status) === 'Resolved';
}

/** Dimension name/value pairs from every criterion of a metric or log search condition. */
function dimensionsOf(condition: unknown): Array<{ name: string; value: string }> {
  if (!isObj(condition) || !Array.isArray(condition.allOf)) return [];
  return condition.allOf.flatMap((criterion: unknown) => {
    const dims = isObj(criterion) && Array.isArray(criterion.dimensions) ? criterion.dimensions : [];
    return dims.flatMap((d: unknown) => {
      const name = isObj(d) ? str(d.name) : undefined;
      const value = isObj(d) ? str(d.value) : undefined;
      return name && value ? [{ name, value }] : [];
    });
  });
}
