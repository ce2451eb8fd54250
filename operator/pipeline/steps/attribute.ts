import { keyOfObject } from '../../kube/types.js';
import { MANAGER } from '../annotations.js';
import { compareForDrift } from '../decisions/drift.js';
import { classifyWrite } from '../decisions/write-cause.js';
import { forApply } from '../ownership.js';
import type { Step } from '../step.js';

/**
 * Between the gate and the apply: decides why the write happens (created, adopted, foreign drift,
 * the object's own customisation, our desired state changed) from the live object before the
 * write, so the Event and the log line can say who changed what. Never stops the pipeline.
 */
export const attributeStep: Step = {
  name: 'attribute',
  async run(state, deps) {
    const { desired, rendered, live } = state;
    if (!desired) return { next: state };
    const lastIntent = deps.verified.lastIntent(keyOfObject(desired));
    const customisedPaths =
      rendered !== undefined ? compareForDrift(desired, forApply(state.asset, rendered)).paths : [];
    const write = classifyWrite({
      live,
      driftPaths: state.drift?.paths ?? [],
      customisedPaths,
      desiredChanged: lastIntent === undefined ? undefined : lastIntent !== state.intentHash,
      manager: MANAGER,
    });
    return { next: { ...state, write } };
  },
};
