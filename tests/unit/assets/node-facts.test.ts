import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { detectHardware } from '../../../operator/assets/hardware.js';
import { nodeFactsProjection } from '../../../operator/assets/node-facts.js';
import { detectTopology } from '../../../operator/assets/topology.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { realisticNode } from '../../support/realistic-nodes.js';

const NFD = 'feature.node.kubernetes.io/';
// Keys the readers look at, keys that look alike, and keys they must ignore.
const LABEL_KEYS = [
  `${NFD}pci-present`,
  `${NFD}usb-present`,
  `${NFD}memory-numa`,
  `${NFD}iommu-enabled`,
  `${NFD}cpu-hardware_multithreading`,
  `${NFD}pci-0302_10de.present`,
  `${NFD}pci-0200_8086.present`,
  `${NFD}usb-ff_1050_0407.present`,
  `${NFD}pci-0302_10de.sriov.capable`,
  `${NFD}cpu-cpuid.AVX`,
  'node-role.kubernetes.io/master',
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/worker',
  'node-role.kubernetes.io/infra',
  'kubernetes.io/hostname',
  'cpu-model.node.kubevirt.io/Skylake',
];
const CAPACITY_KEYS = [
  'cpu',
  'memory',
  'nvidia.com/gpu',
  'amd.com/gpu',
  'devices.kubevirt.io/kvm',
  'example.com/nic',
  'hugepages-1Gi',
];

const node = fc.record({
  labels: fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom('true', 'false', '', 'yes')),
  annotations: fc.dictionary(
    fc.constantFrom('kubevirt.io/topology-manager-policy', 'k8s.ovn.org/node-subnets'),
    fc.constantFrom('', 'single-numa-node', '{}'),
  ),
  capacity: fc.dictionary(fc.constantFrom(...CAPACITY_KEYS), fc.constantFrom('0', '1', '4', '1k', '0.5')),
  hasStatus: fc.boolean(),
});

interface Generated {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  capacity: Record<string, string>;
  hasStatus: boolean;
}

function toNode(n: Generated, i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `n${i}`, resourceVersion: String(i), labels: n.labels, annotations: n.annotations },
    ...(n.hasStatus
      ? { status: { capacity: n.capacity, conditions: [{ type: 'Ready', status: 'True' }] } }
      : {}),
  };
}

describe('the Node projection the informer caches', () => {
  it('gives the same hardware and topology facts as the whole Nodes', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 6 }), (generated) => {
        const nodes = generated.map(toNode);
        const projected = nodes.map(nodeFactsProjection);

        expect(detectHardware(projected)).toEqual(detectHardware(nodes));
        expect(detectTopology({ nodes: projected })).toEqual(detectTopology({ nodes }));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the name, the role and device signals, and drops images, conditions and unread labels', () => {
    const whole = realisticNode(7);

    const slim = nodeFactsProjection(whole);

    expect(slim).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'node-7',
        labels: { 'node-role.kubernetes.io/worker': '', [`${NFD}cpu-hardware_multithreading`]: 'true' },
      },
      status: {
        capacity: {
          'devices.kubevirt.io/kvm': '1k',
          'devices.kubevirt.io/tun': '1k',
          'devices.kubevirt.io/vhost-net': '1k',
        },
      },
    });
    expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(whole).length / 20);
  });
});
