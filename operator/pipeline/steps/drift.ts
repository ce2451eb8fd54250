import { keyOfObject } from '../../kube/types.js';
import { MANAGER } from '../annotations.js';
import { compareForDrift, desiredHash } from '../decisions/drift.js';
import { forApply } from '../ownership.js';
import type { Step } from '../step.js';
import { rejectedWrite } from './rejected.js';

/**
 * Step 7: a Server-Side Apply dry-run compared with the live object. Steady state is free: when
 * neither the desired object (hash) nor the live resourceVersion changed since the last verified
 * check, no request is made at all.
 */
export const driftStep: Step = {
  name: 'drift',
  async run(state, deps) {
    if (!state.desired) return { stop: 'skipped', state, reason: 'nothing rendered' };
    const desired = forApply(state.asset, state.desired);
    const hash = desiredHash(desired);
    const next = { ...state, desired, desiredHash: hash };
    const live = state.live;
    if (!live) return { next: { ...next, drift: { drifted: true, paths: [] } } };
    const key = keyOfObject(desired);
    if (!state.forced && deps.verified.isCurrent(key, hash, live.metadata.resourceVersion)) {
      return { stop: 'unchanged', state: next };
    }
    try {
      const dryRun = await deps.client.apply(desired, { fieldManager: MANAGER, force: true, dryRun: true });
      const drift = compareForDrift(dryRun, live);
      if (!drift.drifted) {
        deps.verified.remember(
          key,
          { desired: hash, intent: state.intentHash ?? hash },
          live.metadata.resourceVersion,
        );
        deps.throttle.waitUntil.delete(key);
        return { stop: 'unchanged', state: next };
      }
      return { next: { ...next, drift } };
    } catch (err) {
      return rejectedWrite(next, deps, err);
    }
  },
};
