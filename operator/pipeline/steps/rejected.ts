import { errorMessage } from '../../errors.js';
import { ANNOTATIONS, MANAGER } from '../annotations.js';
import { isContentRejection } from '../decisions/rejection.js';
import { forApply } from '../ownership.js';
import type { PipelineState, StepDeps, Stop } from '../step.js';

/**
 * A write (or its dry-run) failed. When the server refused the content and the user's patch is
 * in play, the template alone is tried with a dry-run: if the server accepts it, the patch is at
 * fault and the object is held like any other bad annotation; otherwise the write failed.
 */
export async function rejectedWrite(state: PipelineState, deps: StepDeps, err: unknown): Promise<Stop> {
  const failed: Stop = { stop: 'failed', state, reason: errorMessage(err), error: err };
  if (!isContentRejection(err) || !state.customizations.includes('patch') || !state.rendered) return failed;
  try {
    await deps.client.apply(forApply(state.asset, state.rendered), {
      fieldManager: MANAGER,
      force: true,
      dryRun: true,
    });
  } catch {
    return failed;
  }
  return {
    stop: 'held',
    state,
    annotation: ANNOTATIONS.patch,
    reason: `the API server rejects the patched object: ${errorMessage(err)}`,
    error: err,
  };
}
