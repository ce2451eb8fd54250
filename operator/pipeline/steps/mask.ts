import { ANNOTATIONS, MANAGER } from '../annotations.js';
import { maskIgnoredFields, parseIgnoreFields } from '../decisions/ignore-fields.js';
import type { Step } from '../step.js';
import { heldBy } from './held.js';

/** Step 6: ignore-fields (alias ignore) paths are taken out of the autopilot's hands. */
export const maskStep: Step = {
  name: 'mask',
  async run(state) {
    const annotations = state.live?.metadata.annotations;
    const value = annotations?.[ANNOTATIONS.ignoreFields] ?? annotations?.[ANNOTATIONS.ignoreAlias];
    if (value === undefined || !state.desired) return { next: state };
    const customizations = [...state.customizations, 'ignore' as const];
    try {
      const paths = parseIgnoreFields(value);
      const desired = maskIgnoredFields({
        desired: state.desired,
        live: state.live,
        paths,
        manager: MANAGER,
      });
      return { next: { ...state, desired, customizations } };
    } catch (err) {
      return heldBy({ ...state, customizations }, err);
    }
  },
};
