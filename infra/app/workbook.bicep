// Azure Monitor workbook charting tunnelwatch's custom metrics and events (workbook.json), pinned to the
// Application Insights resource. Names in the queries come from src/core/telemetryNames.ts.
param name string = guid(resourceGroup().id, 'tunnelwatch-workbook')
param displayName string = 'tunnelwatch: VPN tunnels and remediation'
param location string = resourceGroup().location
param tags object = {}
param applicationInsightsId string

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: loadTextContent('workbook.json')
    version: 'Notebook/1.0'
  }
}

output id string = workbook.id
