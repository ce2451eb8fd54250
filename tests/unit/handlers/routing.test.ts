import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { Request } from '../../../operator/handlers/request.js';
import { nodeFactsFingerprint, requestsFor, type WatchEvent } from '../../../operator/handlers/routing.js';

function service(resourceVersion: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'm', namespace: 'ns', resourceVersion, annotations },
  };
}

const known = (key: string): string | undefined => (key === 'Service/ns/m' ? 'metrics-service' : undefined);
const unknown = (): string | undefined => undefined;
const force = { 'platform.kubevirt.io/force-reconcile': '2' };

describe('the requests a watch event causes', () => {
  it.each<[string, WatchEvent, (key: string) => string | undefined, Request[]]>([
    ['an HCO event wakes the pass', { source: 'hco' }, unknown, [{ kind: 'pass' }]],
    [
      'a Node event that changes the facts wakes the pass',
      { source: 'facts', fingerprint: 'b', previous: 'a' },
      unknown,
      [{ kind: 'pass' }],
    ],
    [
      'a Node event that changes no fact costs nothing',
      { source: 'facts', fingerprint: 'a', previous: 'a' },
      unknown,
      [],
    ],
    ['an object no asset renders is ignored', { source: 'managed', object: service('2') }, unknown, []],
    [
      'a labelled KubeletConfig no asset renders (a copy of ours) wakes the pass',
      {
        source: 'managed',
        object: {
          apiVersion: 'machineconfiguration.openshift.io/v1',
          kind: 'KubeletConfig',
          metadata: { name: 'copy' },
        },
      },
      unknown,
      [{ kind: 'pass' }],
    ],
    [
      'an event on a managed object wakes its asset',
      { source: 'managed', object: service('2'), old: service('1') },
      known,
      [{ kind: 'asset', asset: 'metrics-service' }],
    ],
    [
      'a new force-reconcile value wakes its asset like any change (the pipeline decides the force)',
      { source: 'managed', object: service('3', force), old: service('2') },
      known,
      [{ kind: 'asset', asset: 'metrics-service' }],
    ],
    [
      'an event without resourceVersions (nothing to compare) wakes its asset',
      {
        source: 'managed',
        object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'm', namespace: 'ns' } },
        old: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'm', namespace: 'ns' } },
      },
      known,
      [{ kind: 'asset', asset: 'metrics-service' }],
    ],
    [
      'a relist of the same resourceVersion costs nothing',
      { source: 'managed', object: service('2'), old: service('2') },
      known,
      [],
    ],
  ])('%s', (_case, event, assetFor, expected) => {
    const requests = requestsFor(event, assetFor);

    expect(requests).toEqual(expected);
  });
});

function node(name: string, labels: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, ...extra };
}
const MASTER = { 'node-role.kubernetes.io/master': '' };
const WORKER = { 'node-role.kubernetes.io/worker': '' };

describe('the fingerprint of the node facts rendering depends on', () => {
  const cluster = [node('m0', MASTER), node('w0', WORKER), node('w1', WORKER)];

  it('names the hardware and the node counts', () => {
    const facts = JSON.parse(nodeFactsFingerprint(cluster)) as Record<string, unknown>;

    expect(facts).toMatchObject({ masters: 1, workers: 2, total: 3, compact: false });
    expect(facts.hardware).toMatchObject({ gpuPresent: false, vfioCapable: false });
  });

  it.each<[string, KubeObject[]]>([
    ['a worker joins', [...cluster, node('w2', WORKER)]],
    ['a worker leaves', cluster.slice(0, 2)],
    [
      'a node turns out to have an IOMMU',
      [...cluster.slice(0, 2), node('w1', { ...WORKER, 'feature.node.kubernetes.io/iommu-enabled': 'true' })],
    ],
    ['the masters become the only, schedulable nodes (compact)', [node('m0', { ...MASTER, ...WORKER })]],
    ['a node without a role joins (total)', [...cluster, node('x', {})]],
  ])('changes when %s', (_case, nodes) => {
    expect(nodeFactsFingerprint(nodes)).not.toBe(nodeFactsFingerprint(cluster));
  });

  it('stays the same when only what rendering ignores changes (order, status, other labels)', () => {
    const noisy = [
      node('w1', { ...WORKER, 'topology.kubernetes.io/zone': 'b' }, { status: { conditions: [] } }),
      node('w0', WORKER),
      node('m0', MASTER),
    ];

    expect(nodeFactsFingerprint(noisy)).toBe(nodeFactsFingerprint(cluster));
  });
});
