import type { KubeObject } from '../../operator/kube/types.js';
import type { PolicyRule } from './policy-rules.js';

/** The ClusterRole's name; the ClusterRoleBinding in manifests/base/rbac refers to it. */
export const CLUSTER_ROLE_NAME = 'virt-platform-autopilot';

/** The generated ClusterRole object around the derived rules. */
export function clusterRole(rules: readonly PolicyRule[]): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: CLUSTER_ROLE_NAME,
      labels: { 'app.kubernetes.io/name': 'virt-platform-autopilot' },
    },
    rules: rules.map((r) => ({ ...r })),
  };
}
