import { describe, expect, it } from '@jest/globals';
import { detectHardware, NO_HARDWARE, type HardwareFacts } from '../../../operator/assets/hardware.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { nodesFixture } from './support/fixtures.js';

function node(
  labels: Record<string, string> = {},
  capacity: Record<string, string> = {},
  annotations = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n', labels, annotations },
    status: { capacity },
  };
}

const NFD = 'feature.node.kubernetes.io/';

describe('hardware detection', () => {
  it.each<[string, KubeObject, Partial<HardwareFacts>]>([
    ['a plain node', node({}, { cpu: '8', memory: '32Gi', pods: '250' }), {}],
    [
      'KubeVirt device-plugin resources (not PCI devices)',
      node(
        {},
        {
          'devices.kubevirt.io/kvm': '1k',
          'devices.kubevirt.io/tun': '1k',
          'devices.kubevirt.io/vhost-net': '1k',
        },
      ),
      {},
    ],
    [
      'hugepages and kubernetes.io resources',
      node({}, { 'hugepages-1Gi': '4', 'example.kubernetes.io/x': '1' }),
      {},
    ],
    ['a device-plugin resource with zero capacity', node({}, { 'intel.com/sriov_netdevice': '0' }), {}],
    ['a device-plugin resource', node({}, { 'intel.com/sriov_netdevice': '8' }), { pciDevicesPresent: true }],
    ['the pci-present label', node({ [`${NFD}pci-present`]: 'true' }), { pciDevicesPresent: true }],
    [
      'an NFD PCI device label',
      node({ [`${NFD}pci-0200_8086.present`]: 'true' }),
      { pciDevicesPresent: true },
    ],
    ['an NFD PCI label that is not "true"', node({ [`${NFD}pci-0200_8086.present`]: 'false' }), {}],
    ['a GPU resource', node({}, { 'nvidia.com/gpu': '2' }), { pciDevicesPresent: true, gpuPresent: true }],
    [
      'an NFD 3D controller label',
      node({ [`${NFD}pci-0302_10de.present`]: 'true' }),
      { pciDevicesPresent: true, gpuPresent: true },
    ],
    ['the NFD NUMA label', node({ [`${NFD}memory-numa`]: 'true' }), { numaNodesPresent: true }],
    [
      'a topology-manager-policy annotation',
      node({}, {}, { 'kubevirt.io/topology-manager-policy': 'single-numa-node' }),
      { numaNodesPresent: true },
    ],
    [
      'the NFD multithreading label (upstream rule)',
      node({ [`${NFD}cpu-hardware_multithreading`]: 'true' }),
      { numaNodesPresent: true },
    ],
    ['an enabled IOMMU', node({ [`${NFD}iommu-enabled`]: 'true' }), { vfioCapable: true }],
    ['an IOMMU label that is not "true"', node({ [`${NFD}iommu-enabled`]: 'false' }), {}],
    ['the usb-present label', node({ [`${NFD}usb-present`]: 'true' }), { usbDevicesPresent: true }],
    [
      'an NFD USB device label',
      node({ [`${NFD}usb-ff_1050_0407.present`]: 'true' }),
      { usbDevicesPresent: true },
    ],
  ])('reads %s', (_case, n, expected) => {
    expect(detectHardware([n])).toEqual({ ...NO_HARDWARE, ...expected });
  });

  it('is true for a fact when any node shows it', () => {
    const nodes = [node(), node({ [`${NFD}iommu-enabled`]: 'true' }), node({}, { 'nvidia.com/gpu': '1' })];

    expect(detectHardware(nodes)).toEqual({
      ...NO_HARDWARE,
      vfioCapable: true,
      gpuPresent: true,
      pciDevicesPresent: true,
    });
  });

  it('finds nothing without nodes, and nothing on the plain-workers fixture', () => {
    expect(detectHardware([])).toEqual(NO_HARDWARE);
    expect(detectHardware(nodesFixture('plain-workers'))).toEqual(NO_HARDWARE);
  });

  it('finds every fact on the all-hardware fixture', () => {
    expect(Object.values(detectHardware(nodesFixture('all-hardware')))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
