import { keyOfObject } from '../../kube/types.js';
import { waitRemaining } from '../decisions/wait.js';
import type { Step } from '../step.js';

/**
 * Step 6b: an object deferred by the token bucket waits for its token without any API request
 * (no dry-run) and without counting the deferral again. A new force-reconcile value or a change
 * of the autopilot's own intent (template, HCO, the object's annotations) ends the wait.
 */
export const waitStep: Step = {
  name: 'wait',
  async run(state, deps) {
    if (!state.desired) return { next: state };
    const key = keyOfObject(state.desired);
    const remaining = waitRemaining({
      until: deps.throttle.waitUntil.get(key),
      now: deps.clock.now(),
      forced: state.forced,
      intentChanged: deps.verified.lastIntent(key) !== state.intentHash,
    });
    if (remaining === 0) {
      deps.throttle.waitUntil.delete(key);
      return { next: state };
    }
    return {
      stop: 'deferred',
      state,
      waiting: true,
      retryAfterMs: remaining,
      reason: `throttled: waiting ${Math.ceil(remaining / 1000)}s for a token of the token bucket for ${key}`,
    };
  },
};
