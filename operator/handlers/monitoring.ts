import { plainHandler } from './resource-handler.js';

/**
 * The autopilot's own monitoring: its metrics Service, the ServiceMonitor and alert rules for
 * Prometheus, and the cluster monitoring settings some tunings need (a ConfigMap); also the scrape
 * (PodMonitor) and alerts of the VM metrics exporter.
 */
export const monitoringHandler = plainHandler('monitoring', [
  { group: '', kind: 'Service' },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
  { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
  { group: 'monitoring.coreos.com', kind: 'PodMonitor' },
  { group: '', kind: 'ConfigMap' },
]);
