import { KubeApiError } from '../../errors.js';
import { keyOfObject } from '../../kube/types.js';
import { MANAGER } from '../annotations.js';
import type { Step } from '../step.js';
import { rejectedWrite } from './rejected.js';

/** Step 9: Server-Side Apply with force as the autopilot's field manager. */
export const applyStep: Step = {
  name: 'apply',
  async run(state, deps) {
    const { desired } = state;
    if (!desired) return { stop: 'skipped', state, reason: 'nothing rendered' };
    const key = keyOfObject(desired);
    try {
      const applied = await deps.client.apply(desired, { fieldManager: MANAGER, force: true, dryRun: false });
      const desiredHash = state.desiredHash ?? '';
      deps.verified.remember(
        key,
        { desired: desiredHash, intent: state.intentHash ?? desiredHash },
        applied.metadata.resourceVersion,
      );
      deps.throttle.waitUntil.delete(key);
      return { stop: state.live ? 'applied' : 'created', state: { ...state, live: applied } };
    } catch (err) {
      if (err instanceof KubeApiError && err.isNotFound && /namespaces? "/.test(err.message)) {
        return { stop: 'skipped', state, reason: `namespace ${desired.metadata.namespace} does not exist` };
      }
      deps.verified.forget(key);
      return rejectedWrite(state, deps, err);
    }
  },
};
