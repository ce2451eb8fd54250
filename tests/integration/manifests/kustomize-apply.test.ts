import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import { adminClient, kubeconfigPath } from '../../support/cluster.js';
import { kubectl, kustomizeBuild } from './kubectl.js';

const OVERLAYS = [
  { overlay: 'manifests/overlays/openshift', namespace: 'openshift-cnv' },
  { overlay: 'manifests/overlays/kubernetes', namespace: 'virt-platform-autopilot' },
];

describe('each kustomize overlay passes server-side validation (kubectl apply --dry-run=server -k)', () => {
  let client: NodeKubeClient;

  beforeAll(async () => {
    client = adminClient();
    // A server-side dry-run does not create the namespace it would create, so create it first.
    for (const { namespace } of OVERLAYS) {
      await client.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        { fieldManager: 'autopilot-tests', force: true, dryRun: false },
      );
    }
  });
  afterAll(() => client.close());

  it.each(OVERLAYS)('$overlay is accepted for every object it builds', ({ overlay, namespace }) => {
    const built = kustomizeBuild(overlay);

    const output = kubectl(['apply', '--dry-run=server', '-k', overlay], kubeconfigPath());

    const accepted = output.split('\n').filter((l) => l.endsWith('(server dry run)'));
    expect(accepted).toHaveLength(built.length);
    const namespaced = built.filter((o) => o.metadata.namespace !== undefined);
    expect(namespaced.every((o) => o.metadata.namespace === namespace)).toBe(true);
  });

  it('the openshift overlay ships the ServiceMonitor and PrometheusRule, the kubernetes overlay does not', () => {
    const kinds = (overlay: string) => new Set(kustomizeBuild(overlay).map((o) => o.kind));

    const openshift = kinds('manifests/overlays/openshift');
    const kubernetes = kinds('manifests/overlays/kubernetes');

    expect([openshift.has('ServiceMonitor'), openshift.has('PrometheusRule')]).toEqual([true, true]);
    expect([kubernetes.has('ServiceMonitor'), kubernetes.has('PrometheusRule')]).toEqual([false, false]);
  });

  it('every binding names the ServiceAccount in the namespace the overlay installs into', () => {
    for (const { overlay, namespace } of OVERLAYS) {
      const bindings = kustomizeBuild(overlay).filter((o) => o.kind.endsWith('Binding'));

      const subjects = bindings.flatMap(
        (b) => (b as unknown as { subjects: { namespace: string }[] }).subjects,
      );

      expect(bindings).toHaveLength(2);
      expect(subjects.map((s) => s.namespace)).toEqual([namespace, namespace]);
    }
  });
});
