import { runShared, type ResourceHandler } from './resource-handler.js';

/**
 * Node tunings: every MachineConfig and KubeletConfig write is decided here. They are pool-aware:
 * the pipeline's pool step reads the tuning's MachineConfigPool (through the pool gate this
 * handler alone hands it) and waits while the pool is paused, degraded or updating, so a write
 * never starts a second rollout. Each write can reboot a pool, hence the smaller token burst
 * (throttling/token-bucket.ts).
 */
export const nodeTuningsHandler: ResourceHandler = {
  name: 'node-tunings',
  kinds: [
    { group: 'machineconfiguration.openshift.io', kind: 'MachineConfig' },
    { group: 'machineconfiguration.openshift.io', kind: 'KubeletConfig' },
  ],
  scope: 'asset',
  reconcile: (run, io) =>
    runShared(run, { ...io, deps: io.pools ? { ...io.deps, pools: io.pools } : io.deps }),
};
