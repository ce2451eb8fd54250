import { errorMessage } from '../../errors.js';
import { AnnotationError } from '../annotations.js';
import type { PipelineState, Stop } from '../step.js';

/** A user annotation problem holds the object; anything else is a failure of the step. */
export function heldBy(state: PipelineState, err: unknown): Stop {
  if (err instanceof AnnotationError) {
    return { stop: 'held', state, reason: err.message, annotation: err.annotation, error: err };
  }
  return { stop: 'failed', state, reason: errorMessage(err), error: err };
}
