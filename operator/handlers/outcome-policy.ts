import { OperatorError, TerminalError } from '../errors.js';
import { isContentRejection } from '../pipeline/decisions/rejection.js';
import type { Stop } from '../pipeline/step.js';
import type { FollowUp, ReconcileResult } from '../reconcile.js';
import { assetRequest, PASS, type Request } from './request.js';

/** What one asset's outcome asks of the queue. */
export type AssetAction =
  | { kind: 'done' }
  | { kind: 'wait'; delayMs: number }
  /** A node change waits for its MachineConfigPool: the pool's changes come back in one pass. */
  | { kind: 'pool-wait'; delayMs: number }
  | { kind: 'retry'; error: OperatorError }
  | { kind: 'terminal'; error: TerminalError };

/** A deferral without a delay still comes back, after a minute (one token at the default refill). */
export const DEFAULT_WAIT_MS = 60_000;

/**
 * Pure: an asset's Stop (undefined = not eligible) → what the queue should do. Deferred waits
 * for its token; failed is terminal when retrying cannot help (the server refused the content, a
 * template is broken) and transient otherwise; every other outcome is done until the next event
 * (a KubeletConfig held for another tool's too: KubeletConfigs are watched).
 */
export function assetAction(asset: string, stop: Stop | undefined): AssetAction {
  // Not one request per waiting asset: one pass reads the pool once and writes all its changes.
  if (stop?.stop === 'deferred' && stop.poolWait) {
    return { kind: 'pool-wait', delayMs: stop.retryAfterMs ?? DEFAULT_WAIT_MS };
  }
  if (stop?.stop === 'deferred') return { kind: 'wait', delayMs: stop.retryAfterMs ?? DEFAULT_WAIT_MS };
  if (stop?.stop !== 'failed') return { kind: 'done' };
  const message = `asset ${asset} failed: ${stop.reason ?? 'unknown error'}`;
  if (stop.error instanceof TerminalError || isContentRejection(stop.error)) {
    return { kind: 'terminal', error: new TerminalError(message, { cause: stop.error }) };
  }
  return { kind: 'retry', error: new OperatorError(message, { cause: stop.error }) };
}

/** The Result of a request for one asset: a wait is a requeue, a failure is thrown with its kind. */
export function assetResult(action: AssetAction): ReconcileResult<Request> {
  switch (action.kind) {
    case 'done':
      return {};
    case 'wait':
      return { requeueAfterMs: action.delayMs, deferred: true };
    case 'pool-wait':
      return { followUps: [{ request: PASS, afterMs: action.delayMs }] };
    case 'retry':
    case 'terminal':
      throw action.error;
  }
}

/**
 * The follow-ups of a pass: each waiting asset comes back when its token does, each asset that
 * failed transiently is retried with its own backoff; terminal failures wait for the next event.
 * Node changes waiting for their pools come back as one pass (SPEC §8: one rollout carries them).
 */
export function passFollowUps(
  actions: readonly { asset: string; action: AssetAction }[],
): FollowUp<Request>[] {
  const out: FollowUp<Request>[] = [];
  let poolWaitMs: number | undefined;
  for (const { asset, action } of actions) {
    if (action.kind === 'wait') out.push({ request: assetRequest(asset), afterMs: action.delayMs });
    if (action.kind === 'retry') out.push({ request: assetRequest(asset), backoff: true });
    if (action.kind === 'pool-wait') poolWaitMs = Math.min(poolWaitMs ?? action.delayMs, action.delayMs);
  }
  if (poolWaitMs !== undefined) out.push({ request: PASS, afterMs: poolWaitMs });
  return out;
}
