import { RetryLaterError, TerminalError } from '../errors.js';
import type { ReconcileResult } from '../reconcile.js';

/** What the controller does with the key afterwards, and how the reconcile is counted. */
export type QueueAction =
  | { kind: 'forget'; result: 'success' }
  | { kind: 'forget-and-requeue-after'; delayMs: number; result: 'success' | 'deferred' | 'requeue' }
  | { kind: 'backoff'; result: 'error' }
  | { kind: 'drop'; result: 'error' };

export type ReconcileOutcome = { ok: ReconcileResult | undefined } | { error: unknown };

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
    if (!isPositiveDelay(after)) return { kind: 'forget', result: 'success' };
    const result = outcome.ok?.deferred ? 'deferred' : 'success';
    return { kind: 'forget-and-requeue-after', delayMs: after, result };
  }
  const { error } = outcome;
  if (error instanceof TerminalError) return { kind: 'drop', result: 'error' };
  if (error instanceof RetryLaterError && isPositiveDelay(error.delayMs)) {
    return { kind: 'forget-and-requeue-after', delayMs: error.delayMs, result: 'requeue' };
  }
  return { kind: 'backoff', result: 'error' };
}

export function isPositiveDelay(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0;
}
