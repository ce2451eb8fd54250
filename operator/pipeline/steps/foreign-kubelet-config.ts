import { errorMessage } from '../../errors.js';
import type { Step } from '../step.js';

/** How long a hold for another tool's KubeletConfig lasts before the pool is read again. */
export const CONFLICT_RECHECK_MS = 30_000;

/**
 * Step 4b: a pool's KubeletConfig is held while a KubeletConfig the autopilot does not own
 * selects the same MachineConfigPool (the MCO would keep only the newest of them, whole). No
 * write, never a delete of ours; rechecked every CONFLICT_RECHECK_MS, so deleting the other one
 * releases the hold without any event on our object.
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
      retryAfterMs: CONFLICT_RECHECK_MS,
      conflict: { pool: conflict.pool, others: conflict.others },
    };
  },
};
