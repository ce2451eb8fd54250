import { ANNOTATIONS } from '../annotations.js';
import { checkAnnotationSize } from '../decisions/annotation-size.js';
import { parseMode } from '../decisions/mode.js';
import type { Step } from '../step.js';
import { heldBy } from './held.js';

/** Step 4: `mode: unmanaged` on the live object opts it out entirely; an unknown mode holds it. */
export const optOutStep: Step = {
  name: 'opt-out',
  async run(state) {
    const annotations = state.live?.metadata.annotations;
    if (!annotations) return { next: state };
    try {
      checkAnnotationSize(annotations);
      if (parseMode(annotations[ANNOTATIONS.mode]) === 'unmanaged') {
        return { stop: 'unmanaged', state: { ...state, customizations: ['unmanaged'] } };
      }
      return { next: state };
    } catch (err) {
      return heldBy(state, err);
    }
  },
};
