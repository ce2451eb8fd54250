import { plainHandler } from './resource-handler.js';

/** Node health checks and their remediation (medik8s): the NodeHealthCheck and storage-based detection. */
export const remediationHandler = plainHandler('remediation', [
  { group: 'remediation.medik8s.io', kind: 'NodeHealthCheck' },
  { group: 'storage-based-remediation.medik8s.io', kind: 'StorageBasedRemediationConfig' },
]);
