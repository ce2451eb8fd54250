import { errorMessage } from '../../errors.js';
import type { Step } from '../step.js';

/**
 * Step 4b: a pool's KubeletConfig is held while a KubeletConfig the autopilot does not own
 * selects the same MachineConfigPool (the MCO would keep only the newest of them, whole). No
 * write, never a delete of ours. Other tools' KubeletConfigs are watched (app/cluster-cache.ts):
 * creating, deleting or re-pointing one runs the pass again, so no timer rechecks a hold (a hold
 * beside a PerformanceProfile's KubeletConfig can last for good, and must cost nothing then).
 */
export const foreignKubeletConfigStep: Step = {
  name: 'foreign-kubelet-config',
  async run(state, deps) {
    const { asset, desired } = state;
    const name = desired?.metadata.name;
    if (asset.component !== 'KubeletConfig' || asset.pool === undefined || !name || !deps.kubeletConfigs) {
      return { next: state };
    }
    let conflict;
    try {
      conflict = await deps.kubeletConfigs.conflict({
        ours: name,
        pool: asset.pool,
        pass: state.context.hco,
      });
    } catch (err) {
      const reason = `list KubeletConfigs for MachineConfigPool ${asset.pool} failed: ${errorMessage(err)}`;
      return { stop: 'failed', state, reason, error: err };
    }
    if (!conflict) return { next: state };
    return {
      stop: 'held',
      state,
      reason: conflict.message,
      conflict: { pool: conflict.pool, others: conflict.others },
    };
  },
};
