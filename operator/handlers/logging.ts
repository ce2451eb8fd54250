import { plainHandler } from './resource-handler.js';

/** The logging stack: the LokiStack that stores logs and the ClusterLogForwarder that collects them. */
export const loggingHandler = plainHandler('logging', [
  { group: 'loki.grafana.com', kind: 'LokiStack' },
  { group: 'observability.openshift.io', kind: 'ClusterLogForwarder' },
]);
