import type { IncidentOpener } from '../app/monitoring/monitoringPorts';

/** Records opened incidents (idempotent by incidentId, like a real store would be). */
export function createInMemoryIncidentOpener(): IncidentOpener & { readonly opened: Map<string, Parameters<IncidentOpener['open']>[0]> } {
  const opened = new Map<string, Parameters<IncidentOpener['open']>[0]>();
  return { opened, open: async (incident) => void opened.set(incident.incidentId, incident) };
}
