// Alerts for humans on tunnelwatch's own telemetry: a quarantined incident (automation gave up on a link)
// and a failed poll cycle (the fleet is not being watched). Queries read the workspace-based App Insights
// tables; the event names come from src/core/telemetryNames.ts (checked by test/infra/telemetryNames.test.ts).
param namePrefix string
param location string = resourceGroup().location
param tags object = {}
param applicationInsightsId string

@description('Action groups to notify (the webhook group when deployed).')
param actionGroupIds array = []

@description('Optional e-mail address for these alerts; empty = no e-mail action group.')
param alertEmail string = ''

resource emailGroup 'Microsoft.Insights/actionGroups@2022-04-01' = if (!empty(alertEmail)) {
  name: '${namePrefix}-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'tw-ops'
    enabled: true
    emailReceivers: [
      { name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

var notify = concat(actionGroupIds, empty(alertEmail) ? [] : [emailGroup.id])

var rules = [
  {
    name: 'quarantined-incident'
    displayName: 'tunnelwatch: incident quarantined (needs a human)'
    severity: 1
    query: '''
customEvents
| where name == 'IncidentQuarantined'
| extend linkId = tostring(customDimensions.linkId), reason = tostring(customDimensions.reason)
'''
    dimension: 'linkId'
  }
  {
    name: 'poll-cycle-failed'
    displayName: 'tunnelwatch: poll cycle failed (links are not being watched)'
    severity: 2
    query: '''
customEvents
| where name == 'PollCycleFailed'
| extend errorCode = tostring(customDimensions.errorCode)
'''
    dimension: 'errorCode'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      severity: rule.severity
      enabled: true
      scopes: [applicationInsightsId]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT5M'
      autoMitigate: false
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            dimensions: [
              { name: rule.dimension, operator: 'Include', values: ['*'] }
            ]
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
          }
        ]
      }
      actions: { actionGroups: notify }
    }
  }
]
