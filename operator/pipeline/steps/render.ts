import { NotApplicableError, RenderError } from '../../assets/renderer.js';
import { errorMessage } from '../../errors.js';
import type { Step } from '../step.js';

/** Step 1: template + context → one object; empty output means the asset does not apply here. */
export const renderStep: Step = {
  name: 'render',
  async run(state, deps) {
    try {
      const desired = deps.render(state);
      if (!desired) return { stop: 'skipped', state, reason: 'template rendered empty (not applicable)' };
      return { next: { ...state, rendered: desired, desired } };
    } catch (err) {
      if (err instanceof NotApplicableError) {
        return { stop: 'skipped', state, reason: `not applicable: ${err.why}` };
      }
      if (err instanceof RenderError && err.annotation) {
        return { stop: 'held', state, reason: err.message, annotation: err.annotation, error: err };
      }
      return {
        stop: 'failed',
        state,
        reason: `render ${state.asset.name} failed: ${errorMessage(err)}`,
        error: err,
      };
    }
  },
};
