import { plainHandler } from './resource-handler.js';

/** What the OpenShift console shows: UI plugins (Cluster Observability Operator), Perses dashboards and their data sources. */
export const consoleHandler = plainHandler('console', [
  { group: 'observability.openshift.io', kind: 'UIPlugin' },
  { group: 'perses.dev', kind: 'PersesDashboard' },
  { group: 'perses.dev', kind: 'PersesDatasource' },
]);
