import { ANNOTATIONS, MANAGER } from '../annotations.js';
import { maskIgnoredFields, parseIgnoreFields } from '../decisions/ignore-fields.js';
import { unmatchedReport, type UnmatchedPath, type UnmatchedReport } from '../decisions/ignore-unmatched.js';
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
      const unmatched = unmatchedReport(state.desired, state.live, paths, SHOWN_UNMATCHED);
      const desired = maskIgnoredFields({
        desired: state.desired,
        live: state.live,
        paths,
        manager: MANAGER,
      });
      // Only paths that name a field count as a customisation; the others are reported.
      const counted = unmatched.count < paths.length;
      const customizations = counted ? [...state.customizations, 'ignore' as const] : state.customizations;
      const warning = unmatchedWarning(unmatched);
      const warnings = [...(state.warnings ?? []), ...(warning ? [warning] : [])];
      return { next: { ...intent, desired, customizations, warnings } };
    } catch (err) {
      return heldBy({ ...intent, customizations: [...state.customizations, 'ignore'] }, err);
    }
  },
};

/** Unmatched paths named in the one Warning per object; the rest are counted. */
export const SHOWN_UNMATCHED = 5;

function describeUnmatched(u: UnmatchedPath): string {
  const nearest = u.nearest === undefined ? 'no part of it exists' : `nearest existing field: ${u.nearest}`;
  return `${u.path} (${nearest})`;
}

/** One Warning per object however many paths match nothing (SPEC §5: bad input costs nothing). */
function unmatchedWarning(report: UnmatchedReport): StepWarning | undefined {
  const [only] = report.first;
  if (only === undefined) return undefined;
  const annotation = `annotation ${ANNOTATIONS.ignoreFields}`;
  if (report.count === 1) {
    return {
      reason: REASONS.IgnoredFieldNotFound,
      note: `ignore-fields path ${describeUnmatched(only)} matches no field of the desired or the live object; it protects nothing (${annotation})`,
    };
  }
  const more = report.count - report.first.length;
  const listed = report.first.map(describeUnmatched).join(', ') + (more > 0 ? ` and ${more} more` : '');
  return {
    reason: REASONS.IgnoredFieldNotFound,
    note: `${report.count} ignore-fields paths match no field of the desired or the live object; they protect nothing (${annotation}): ${listed}`,
  };
}
