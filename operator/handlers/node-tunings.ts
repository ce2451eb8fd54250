import { runShared, type ResourceHandler } from './resource-handler.js';

/**
 * Node tunings: every MachineConfig and KubeletConfig write is decided here. They are pool-aware:
 * the pipeline's pool step reads the tuning's MachineConfigPool (through the pool gate this
 * handler alone hands it) and waits while the pool is paused, degraded or updating, so a write
 * never starts a second rollout. A pool's KubeletConfig is also held while another tool's
 * KubeletConfig selects the same pool (the kubelet-config reader this handler alone hands it).
 * Each write can reboot a pool, hence the smaller token burst
 * (throttling/token-bucket.ts).
 */
export const nodeTuningsHandler: ResourceHandler = {
  name: 'node-tunings',
  kinds: [
    { group: 'machineconfiguration.openshift.io', kind: 'MachineConfig' },
    { group: 'machineconfiguration.openshift.io', kind: 'KubeletConfig' },
    // The cluster MachineConfiguration: only the nodeDisruptionPolicy entries of the autopilot's files.
    { group: 'operator.openshift.io', kind: 'MachineConfiguration' },
  ],
  scope: 'asset',
  reconcile: (run, io) =>
    runShared(run, {
      ...io,
      deps: {
        ...io.deps,
        ...(io.pools ? { pools: io.pools } : {}),
        ...(io.kubeletConfigs ? { kubeletConfigs: io.kubeletConfigs } : {}),
      },
    }),
};
