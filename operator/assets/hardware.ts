import type { KubeObject } from '../kube/types.js';
import type { HardwareDetector } from './catalog.js';
import { isRecord } from './json.js';

/** Hardware facts for conditions and templates: true when any node shows the feature. */
export interface HardwareFacts {
  pciDevicesPresent: boolean;
  numaNodesPresent: boolean;
  vfioCapable: boolean;
  usbDevicesPresent: boolean;
  gpuPresent: boolean;
}

export const HARDWARE_DETECTORS: readonly HardwareDetector[] = [
  'pciDevicesPresent',
  'numaNodesPresent',
  'vfioCapable',
  'usbDevicesPresent',
  'gpuPresent',
];

export const NO_HARDWARE: Readonly<HardwareFacts> = Object.freeze({
  pciDevicesPresent: false,
  numaNodesPresent: false,
  vfioCapable: false,
  usbDevicesPresent: false,
  gpuPresent: false,
});

const NFD = 'feature.node.kubernetes.io/';
// Node Feature Discovery names device labels `pci-<class>_<vendor>.present` and
// `usb-<class>_<vendor>_<device>.present`; the older single `pci-present`/`usb-present` labels are kept.
const NFD_PCI_DEVICE = /^feature\.node\.kubernetes\.io\/pci-[0-9a-fA-F_]+\.present$/;
const NFD_3D_CONTROLLER = /^feature\.node\.kubernetes\.io\/pci-0302_[0-9a-fA-F_]+\.present$/;
const NFD_USB_DEVICE = /^feature\.node\.kubernetes\.io\/usb-[0-9a-fA-F_]+\.present$/;
const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu', 'gpu.intel.com/i915', 'gpu.intel.com/xe'];

const NFD_NAMED = [
  'pci-present',
  'usb-present',
  'memory-numa',
  'cpu-hardware_multithreading',
  'iommu-enabled',
];

/** True for the label keys `nodeHardware` reads (keep in step with it; see node-facts.ts). */
export function isHardwareLabel(key: string): boolean {
  if (!key.startsWith(NFD)) return false;
  return NFD_NAMED.includes(key.slice(NFD.length)) || NFD_PCI_DEVICE.test(key) || NFD_USB_DEVICE.test(key);
}

/** The annotation `nodeHardware` reads. */
export const TOPOLOGY_POLICY_ANNOTATION = 'kubevirt.io/topology-manager-policy';

/** True for the capacity names `nodeHardware` can count: extended resources (`vendor/device`). */
export function isExtendedResource(name: string): boolean {
  return name.includes('/');
}

/** Scans every node (an unfiltered list: label-filtered caches hide them). Pure. */
export function detectHardware(nodes: readonly KubeObject[]): HardwareFacts {
  const facts: HardwareFacts = { ...NO_HARDWARE };
  for (const node of nodes) {
    const one = nodeHardware(node);
    for (const detector of HARDWARE_DETECTORS) facts[detector] ||= one[detector];
  }
  return facts;
}

/** The facts one node shows through its labels, annotations and capacity. */
export function nodeHardware(node: KubeObject): HardwareFacts {
  const labels = node.metadata.labels ?? {};
  const annotations = node.metadata.annotations ?? {};
  const capacity = capacityOf(node);
  const labelled = (pattern: RegExp): boolean =>
    Object.entries(labels).some(([k, v]) => pattern.test(k) && v === 'true');
  const present = (key: string): boolean => key in labels && labels[key] !== 'false';
  return {
    pciDevicesPresent:
      present(`${NFD}pci-present`) || labelled(NFD_PCI_DEVICE) || capacity.some(isDeviceResource),
    numaNodesPresent:
      labels[`${NFD}memory-numa`] === 'true' ||
      present(`${NFD}cpu-hardware_multithreading`) ||
      (annotations[TOPOLOGY_POLICY_ANNOTATION] ?? '') !== '',
    vfioCapable: labels[`${NFD}iommu-enabled`] === 'true',
    usbDevicesPresent: present(`${NFD}usb-present`) || labelled(NFD_USB_DEVICE),
    gpuPresent: capacity.some((name) => GPU_RESOURCES.includes(name)) || labelled(NFD_3D_CONTROLLER),
  };
}

/** Names of the resources with a non-zero capacity on the node. */
function capacityOf(node: KubeObject): string[] {
  const status = node.status;
  const capacity = isRecord(status) && isRecord(status.capacity) ? status.capacity : {};
  return Object.entries(capacity)
    .filter(([, quantity]) => Number.parseFloat(String(quantity)) > 0)
    .map(([name]) => name);
}

/**
 * An extended resource that a device plugin advertises (`vendor.example/device`). KubeVirt's own
 * `devices.kubevirt.io/*` (kvm, tun, vhost-net) exist on every virtualization node and are no PCI
 * device; names in the kubernetes.io domain are not device plugins either.
 */
function isDeviceResource(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const domain = name.slice(0, slash);
  return domain !== 'devices.kubevirt.io' && domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io');
}
