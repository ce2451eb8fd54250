import type { KubeObject } from '../../operator/kube/types.js';

const NFD = 'feature.node.kubernetes.io/';
const CPU_FEATURES = [
  'ADX',
  'AESNI',
  'AVX',
  'AVX2',
  'AVX512BW',
  'AVX512CD',
  'AVX512DQ',
  'AVX512F',
  'AVX512VL',
  'AVX512VNNI',
  'BMI1',
  'BMI2',
  'CLMUL',
  'CMPXCHG16B',
  'F16C',
  'FMA3',
  'FXSR',
  'FXSROPT',
  'HYPERVISOR',
  'IBPB',
  'LAHF',
  'MOVBE',
  'MPX',
  'OSXSAVE',
  'POPCNT',
  'RDRAND',
  'RDSEED',
  'RDTSCP',
  'SHA',
  'SSE3',
  'SSE4',
  'SSE42',
  'SSSE3',
  'STIBP',
  'VMX',
  'X87',
  'XGETBV1',
  'XSAVE',
  'XSAVEC',
  'XSAVEOPT',
  'XSAVES',
];
const CPU_MODELS = [
  'Broadwell-noTSX',
  'Cascadelake-Server',
  'Haswell-noTSX',
  'Icelake-Server',
  'IvyBridge',
  'Nehalem',
  'Penryn',
  'SandyBridge',
  'Skylake-Client',
  'Skylake-Server',
  'Westmere',
];

function labels(index: number, role: 'master' | 'worker'): Record<string, string> {
  const out: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': `node-${index}`,
    'kubernetes.io/os': 'linux',
    'node.openshift.io/os_id': 'rhcos',
    'topology.kubernetes.io/region': 'dc1',
    'topology.kubernetes.io/zone': `rack-${index % 40}`,
    [`node-role.kubernetes.io/${role}`]: '',
    'kubevirt.io/schedulable': 'true',
    cpumanager: 'false',
    [`${NFD}cpu-hardware_multithreading`]: 'true',
    [`${NFD}kernel-version.full`]: '5.14.0-427.50.1.el9_4.x86_64',
    [`${NFD}system-os_release.ID`]: 'rhcos',
    [`${NFD}system-os_release.VERSION_ID`]: '4.18',
  };
  for (const feature of CPU_FEATURES) out[`${NFD}cpu-cpuid.${feature}`] = 'true';
  for (const feature of CPU_FEATURES) out[`cpu-feature.node.kubevirt.io/${feature.toLowerCase()}`] = 'true';
  for (const model of CPU_MODELS) {
    out[`cpu-model.node.kubevirt.io/${model}`] = 'true';
    out[`cpu-model-migration.node.kubevirt.io/${model}`] = 'true';
  }
  out[`host-model-cpu.node.kubevirt.io/Icelake-Server`] = 'true';
  out[`cpu-timer.node.kubevirt.io/tsc-frequency`] = '2394374000';
  return out;
}

function annotations(index: number): Record<string, string> {
  const ip = `10.${Math.floor(index / 250) % 250}.${index % 250}.10`;
  return {
    'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'topolvm.io': `node-${index}` }),
    'k8s.ovn.org/host-cidrs': JSON.stringify([`${ip}/24`]),
    'k8s.ovn.org/l3-gateway-config': JSON.stringify({
      default: {
        mode: 'shared',
        'interface-id': `br-ex_node-${index}`,
        'mac-address': '52:54:00:aa:bb:cc',
        'ip-addresses': [`${ip}/24`],
        'next-hops': ['10.0.0.1'],
        'node-port-enable': 'true',
        'vlan-id': '0',
      },
    }),
    'k8s.ovn.org/node-chassis-id': `7c1f6d2e-${String(index).padStart(4, '0')}-4a8b-9c3d-2e1f0a9b8c7d`,
    'k8s.ovn.org/node-subnets': JSON.stringify({ default: [`10.128.${index % 256}.0/23`] }),
    'machineconfiguration.openshift.io/currentConfig': 'rendered-worker-8f1d6c3b2a49e0f7d5c4b3a29180f7e6',
    'machineconfiguration.openshift.io/desiredConfig': 'rendered-worker-8f1d6c3b2a49e0f7d5c4b3a29180f7e6',
    'machineconfiguration.openshift.io/state': 'Done',
    'nfd.node.kubernetes.io/feature-labels': CPU_FEATURES.map((f) => `cpu-cpuid.${f}`).join(','),
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    'kubevirt.io/heartbeat': '2026-12-01T12:00:00Z',
  };
}

function status(index: number): Record<string, unknown> {
  const capacity = {
    cpu: '96',
    'ephemeral-storage': '1874286548Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: '792346432Ki',
    pods: '250',
    'devices.kubevirt.io/kvm': '1k',
    'devices.kubevirt.io/tun': '1k',
    'devices.kubevirt.io/vhost-net': '1k',
  };
  const condition = (type: string, value: string, reason: string): Record<string, string> => ({
    type,
    status: value,
    reason,
    message: `kubelet reports ${reason}`,
    lastHeartbeatTime: '2026-12-01T12:00:00Z',
    lastTransitionTime: '2026-11-01T08:00:00Z',
  });
  const images = Array.from({ length: 30 }, (_, i) => ({
    names: [
      `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${(i * 7919 + index).toString(16).padStart(64, '0')}`,
      `registry.redhat.io/container-native-virtualization/virt-component-${i}@sha256:${(i * 104729).toString(16).padStart(64, 'a')}`,
    ],
    sizeBytes: 400_000_000 + i * 1_000_003,
  }));
  return {
    capacity,
    allocatable: { ...capacity, cpu: '95500m', memory: '781860672Ki' },
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID'),
      condition('Ready', 'True', 'KubeletReady'),
    ],
    addresses: [
      { type: 'InternalIP', address: `10.${Math.floor(index / 250) % 250}.${index % 250}.10` },
      { type: 'Hostname', address: `node-${index}` },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: `b00t-${index}`,
      containerRuntimeVersion: 'cri-o://1.31.6-3.rhaos4.18.git1f2c5a3.el9',
      kernelVersion: '5.14.0-427.50.1.el9_4.x86_64',
      kubeProxyVersion: 'v1.31.6',
      kubeletVersion: 'v1.31.6',
      machineID: `m${index}`,
      operatingSystem: 'linux',
      osImage: 'Red Hat Enterprise Linux CoreOS 418.94.202501221327-0',
      systemUUID: `u${index}`,
    },
    images,
  };
}

/**
 * A Node as an OpenShift Virtualization cluster shows it (about 17 KiB of JSON): NFD and KubeVirt
 * CPU labels, OVN and MCO annotations, status with conditions and 30 images. No hardware-fact
 * label beyond multithreading, so the bench can flip facts on a few Nodes of its own.
 */
export function realisticNode(index: number, role: 'master' | 'worker' = 'worker'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${index}`, labels: labels(index, role), annotations: annotations(index) },
    spec: { providerID: `baremetalhost:///openshift-machine-api/node-${index}` },
    status: status(index),
  };
}
