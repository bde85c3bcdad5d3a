// Pure data, no function modules: the bench imports it in a process that then hosts the app.
/** A metric alert (common alert schema) on a VPN gateway narrowed to one connection, as Azure Monitor sends it. */
export function tunnelAlert(gatewayId: string, connectionName: string, alertId: string): unknown {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId,
        alertRule: 'vpn-tunnel-disconnected',
        severity: 'Sev1',
        signalType: 'Metric',
        monitorCondition: 'Fired',
        monitoringService: 'Platform',
        alertTargetIDs: [gatewayId],
        firedDateTime: '2026-03-02T08:05:00.000Z',
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        conditionType: 'SingleResourceMultipleMetricCriteria',
        condition: {
          windowSize: 'PT5M',
          allOf: [{ metricName: 'TunnelAverageBandwidth', metricNamespace: 'Microsoft.Network/vpnGateways', operator: 'LessThan', threshold: '1', timeAggregation: 'Average', dimensions: [{ name: 'ConnectionName', value: connectionName }], metricValue: 0 }],
        },
      },
    },
  };
}
