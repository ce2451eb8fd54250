import { ANNOTATIONS } from '../annotations.js';
import { findDisabledRule, parseDisabledResources } from '../decisions/disabled-resources.js';
import type { Step } from '../step.js';
import { heldBy } from './held.js';

/** Step 2: the HCO's disabled-resources rules. A malformed list holds every asset (fail closed). */
export const excludeStep: Step = {
  name: 'exclude',
  async run(state) {
    const value = state.context.hco.metadata.annotations?.[ANNOTATIONS.disabledResources];
    const desired = state.desired;
    if (!value || !desired) return { next: state };
    try {
      const rule = findDisabledRule(parseDisabledResources(value), desired);
      if (!rule) return { next: state };
      return {
        stop: 'excluded',
        state,
        reason: `matches disabled-resources rule ${rule.kind}/${rule.namespace ? `${rule.namespace}/` : ''}${rule.name}`,
      };
    } catch (err) {
      return heldBy(state, err);
    }
  },
};
