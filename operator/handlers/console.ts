import { plainHandler } from './resource-handler.js';

/** What the OpenShift console shows: UI plugins (Cluster Observability Operator) and Perses dashboards. */
export const consoleHandler = plainHandler('console', [
  { group: 'observability.openshift.io', kind: 'UIPlugin' },
  { group: 'perses.dev', kind: 'PersesDashboard' },
]);
