import { ANNOTATIONS } from '../annotations.js';
import { applyUserPatch, parsePatch } from '../decisions/patch.js';
import type { Step } from '../step.js';
import { heldBy } from './held.js';

/** Step 5: the live object's patch annotation, applied in memory to the rendered object (atomic). */
export const patchStep: Step = {
  name: 'patch',
  async run(state) {
    const value = state.live?.metadata.annotations?.[ANNOTATIONS.patch];
    if (!value || !state.desired) return { next: state };
    try {
      const desired = applyUserPatch(state.desired, parsePatch(value));
      return { next: { ...state, desired, customizations: [...state.customizations, 'patch'] } };
    } catch (err) {
      return heldBy({ ...state, customizations: [...state.customizations, 'patch'] }, err);
    }
  },
};
