import { keyOfObject } from '../../kube/types.js';
import { attributeDrift } from '../../throttling/attribution.js';
import { MANAGER } from '../annotations.js';
import type { Step } from '../step.js';

/**
 * Step 8: corrections of someone else's change spend a token from the object's bucket. Free:
 * creation, a write because our own desired state changed (template, HCO, the object's
 * customisation annotations), and one write per new force-reconcile value. An empty bucket
 * defers (never drops) the correction.
 */
export const gateStep: Step = {
  name: 'gate',
  async run(state, deps) {
    const { desired, live } = state;
    if (!desired || !live || state.forced) return { next: state };
    const key = keyOfObject(desired);
    if (deps.verified.lastHash(key) !== state.desiredHash) return { next: state };
    const taken = deps.tokens.take(key, desired.kind);
    if (taken.ok) return { next: state };
    const competitors = attributeDrift(live, state.drift?.paths ?? [], MANAGER);
    return {
      stop: 'deferred',
      state,
      retryAfterMs: taken.retryAfterMs,
      competitors,
      reason: `throttled: token bucket for ${key} is empty; next correction in ${Math.ceil(taken.retryAfterMs / 1000)}s`,
    };
  },
};
