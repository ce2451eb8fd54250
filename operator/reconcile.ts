/**
 * The reconcile contract between the controller (runtime/) and the reconcilers (handlers/),
 * learned from controller-runtime's Result and kube-rs's Action: a reconcile returns what should
 * happen next, and throws errors that keep their kind (errors.ts: TerminalError is not retried,
 * RetryLaterError is an expected wait, anything else backs off).
 */

/** More work a reconcile asks for: another request later, or another request retried with backoff. */
export type FollowUp<R> = { request: R; afterMs: number } | { request: R; backoff: true };

/** Run this request again after `requeueAfterMs` (a deferral, or the pass's resync), plus follow-ups. */
export interface ReconcileResult<R = unknown> {
  requeueAfterMs?: number;
  /** The requeue is a deferral by the token bucket (counted as `deferred`, not `success`). */
  deferred?: boolean;
  followUps?: readonly FollowUp<R>[];
  /**
   * The request itself failed (its kind decides: retried with backoff, or dropped), yet its
   * follow-ups stand: a pass run for the HCO's request still brings back the assets it deferred.
   */
  error?: Error;
}

/** A reconciler of typed requests; `key` names a request in the queue (equal keys = one request). */
export interface RequestReconciler<R> {
  reconcile(request: R): Promise<ReconcileResult<R>>;
  key(request: R): string;
}
