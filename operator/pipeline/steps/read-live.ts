import { errorMessage } from '../../errors.js';
import type { Step } from '../step.js';

/** Step 3: the live object, from the informer cache or a live GET (adoption of unlabelled objects). */
export const readLiveStep: Step = {
  name: 'read-live',
  async run(state, deps) {
    const desired = state.desired;
    if (!desired) return { stop: 'skipped', state, reason: 'nothing rendered' };
    const namespace = desired.metadata.namespace;
    try {
      // A namespaced asset whose namespace is absent belongs to an operator that is not installed: skip quietly.
      if (namespace && !(await deps.live.namespaceExists(namespace))) {
        return { stop: 'skipped', state, reason: `namespace ${namespace} does not exist` };
      }
      const live = await deps.live.read(desired);
      return { next: live ? { ...state, live } : state };
    } catch (err) {
      return {
        stop: 'failed',
        state,
        reason: `read ${desired.kind}/${desired.metadata.name} failed: ${errorMessage(err)}`,
        error: err,
      };
    }
  },
};
