import { RetryLaterError, TerminalError } from '../errors.js';

/** What a reconcile returns: nothing, or a request to run again after a while (periodic resync). */
export type ReconcileResult = { requeueAfterMs?: number } | void;

/** What the controller does with the key afterwards. */
export type QueueAction =
  | { kind: 'forget' }
  | { kind: 'forget-and-requeue-after'; delayMs: number }
  | { kind: 'backoff' }
  | { kind: 'drop' };

export type ReconcileOutcome = { ok: ReconcileResult } | { error: unknown };

/**
 * The one place that maps a reconcile outcome to a queue action. Success forgets the key's
 * failures (and requeues after `requeueAfterMs` when it is positive); a TerminalError drops the
 * key, because the fix arrives as a new event; a RetryLaterError is an expected wait, not a
 * failure; anything else backs off exponentially. A RetryLaterError without a usable delay backs
 * off too, so a bad delay can never turn into a hot loop.
 */
export function decideRequeue(outcome: ReconcileOutcome): QueueAction {
  if ('ok' in outcome) {
    const after = outcome.ok?.requeueAfterMs;
    return isPositiveDelay(after) ? { kind: 'forget-and-requeue-after', delayMs: after } : { kind: 'forget' };
  }
  const { error } = outcome;
  if (error instanceof TerminalError) return { kind: 'drop' };
  if (error instanceof RetryLaterError && isPositiveDelay(error.delayMs)) {
    return { kind: 'forget-and-requeue-after', delayMs: error.delayMs };
  }
  return { kind: 'backoff' };
}

function isPositiveDelay(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0;
}
