import { plainHandler } from './resource-handler.js';

/**
 * The VM metrics exporter's workload: its namespace, the DaemonSet and the SecurityContextConstraints
 * its pods run under. Its identity and roles belong to the access handler, its scrape and alert
 * objects to monitoring, its dashboard and data source to the console.
 */
export const metricsExporterHandler = plainHandler('metrics-exporter', [
  { group: '', kind: 'Namespace' },
  { group: 'apps', kind: 'DaemonSet' },
  { group: 'security.openshift.io', kind: 'SecurityContextConstraints' },
]);
