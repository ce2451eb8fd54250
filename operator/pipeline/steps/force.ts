import { keyOfObject } from '../../kube/types.js';
import { ANNOTATIONS } from '../annotations.js';
import { isNewForceValue } from '../decisions/force.js';
import type { Step } from '../step.js';

/**
 * Step 3b: a new force-reconcile value on the live object (the HCO included) skips the
 * steady-state shortcut and the token bucket once, and ends a wait for a token.
 */
export const forceStep: Step = {
  name: 'force',
  async run(state, deps) {
    if (!state.desired) return { next: state };
    const key = keyOfObject(state.desired);
    const value = state.live?.metadata.annotations?.[ANNOTATIONS.forceReconcile];
    const seen = deps.throttle.forceSeen;
    const fresh = isNewForceValue(seen.has(key) ? { seen: seen.get(key) ?? null } : undefined, value);
    seen.set(key, value ?? null);
    if (!fresh) return { next: state };
    deps.throttle.waitUntil.delete(key);
    return { next: { ...state, forced: true } };
  },
};
