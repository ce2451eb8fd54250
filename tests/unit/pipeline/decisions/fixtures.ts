import type { KubeObject } from '../../../../operator/kube/types.js';

/** A small namespaced object with a map, a list and a scalar to patch and mask. */
export function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { note: 'x' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        spec: {
          containers: [
            { name: 'main', image: 'web:1', args: ['--a', '--b'] },
            { name: 'sidecar', image: 'proxy:1' },
          ],
        },
      },
    },
  };
}
