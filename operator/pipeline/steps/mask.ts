import { ANNOTATIONS, MANAGER } from '../annotations.js';
import { maskIgnoredFields, parseIgnoreFields } from '../decisions/ignore-fields.js';
import { unmatchedIgnorePaths, type UnmatchedPath } from '../decisions/ignore-unmatched.js';
import { intentHash } from '../decisions/intent.js';
import type { Step, StepWarning } from '../step.js';
import { REASONS } from '../../observability/events.js';
import { heldBy } from './held.js';

/**
 * Step 6: ignore-fields (alias ignore) paths are taken out of the autopilot's hands. The intent
 * hash is taken first, so live values the mask copies in never count as "our desired state changed".
 */
export const maskStep: Step = {
  name: 'mask',
  async run(state) {
    const annotations = state.live?.metadata.annotations;
    const value = annotations?.[ANNOTATIONS.ignoreFields] ?? annotations?.[ANNOTATIONS.ignoreAlias];
    if (!state.desired) return { next: state };
    const intent = { ...state, intentHash: intentHash(state.desired, value) };
    if (value === undefined) return { next: intent };
    try {
      const paths = parseIgnoreFields(value);
      const unmatched = unmatchedIgnorePaths(state.desired, state.live, paths);
      const desired = maskIgnoredFields({
        desired: state.desired,
        live: state.live,
        paths,
        manager: MANAGER,
      });
      // Only paths that name a field count as a customisation; the others are reported.
      const counted = unmatched.length < paths.length;
      const customizations = counted ? [...state.customizations, 'ignore' as const] : state.customizations;
      const warnings = [...(state.warnings ?? []), ...unmatched.map(unmatchedWarning)];
      return { next: { ...intent, desired, customizations, warnings } };
    } catch (err) {
      return heldBy({ ...intent, customizations: [...state.customizations, 'ignore'] }, err);
    }
  },
};

function unmatchedWarning(u: UnmatchedPath): StepWarning {
  const nearest = u.nearest === undefined ? 'no part of it exists' : `nearest existing field: ${u.nearest}`;
  return {
    reason: REASONS.IgnoredFieldNotFound,
    note: `ignore-fields path ${u.path} matches no field of the desired or the live object (${nearest}); it protects nothing (annotation ${ANNOTATIONS.ignoreFields})`,
  };
}
