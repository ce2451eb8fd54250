import { plainHandler } from './resource-handler.js';

/**
 * Identities and the permissions given to them: ServiceAccounts and RBAC objects that a managed
 * stack's pods run with (the log collector, the metrics exporter). The operator may write only
 * the objects the catalog renders, by name (see hack/rbac/sensitive.ts).
 */
export const accessHandler = plainHandler('access', [
  { group: '', kind: 'ServiceAccount' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
]);
