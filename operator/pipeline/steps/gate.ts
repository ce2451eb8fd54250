import { keyOfObject } from '../../kube/types.js';
import { attributeDrift } from '../../throttling/attribution.js';
import { MANAGER } from '../annotations.js';
import { compareForDrift } from '../decisions/drift.js';
import { classifyWrite } from '../decisions/write-cause.js';
import { withOwnershipMarks } from '../ownership.js';
import type { PipelineState, Step } from '../step.js';

/**
 * Step 8: corrections of someone else's change spend a token from the object's bucket. Free:
 * creation, a write because our own desired state changed (template, HCO, the object's
 * customisation annotations), and one write per new force-reconcile value. An empty bucket
 * defers (never drops) the correction. Also decides why the write happens (for Events).
 */
export const gateStep: Step = {
  name: 'gate',
  async run(input, deps) {
    const { desired, live } = input;
    if (!desired) return { next: input };
    const lastHash = deps.verified.lastHash(keyOfObject(desired));
    const ownChange = lastHash !== input.desiredHash;
    const state = withWriteCause(input, lastHash === undefined ? undefined : ownChange);
    if (!live || input.forced || ownChange) return { next: state };
    const key = keyOfObject(desired);
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

function withWriteCause(state: PipelineState, desiredChanged: boolean | undefined): PipelineState {
  const { desired, rendered, live } = state;
  const customisedPaths =
    desired && rendered ? compareForDrift(desired, withOwnershipMarks(rendered)).paths : [];
  const write = classifyWrite({
    live,
    driftPaths: state.drift?.paths ?? [],
    customisedPaths,
    desiredChanged,
    manager: MANAGER,
  });
  return { ...state, write };
}
