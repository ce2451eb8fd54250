import { errorMessage } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { FollowUp, RequestReconciler } from '../reconcile.js';
import { decideRequeue, type ReconcileOutcome } from './requeue-policy.js';
import type { WorkQueue } from './work-queue.js';

/**
 * One worker draining the queue: requests are handled one at a time, so a pass never runs twice
 * concurrently and never overlaps a single-asset reconcile. What happens next is decided by the
 * pure requeue policy from the reconcile's result or error.
 */
export class Controller<R> {
  private running?: Promise<void>;
  private readonly requests = new Map<string, R>();

  constructor(
    private readonly queue: WorkQueue,
    private readonly reconciler: RequestReconciler<R>,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  /** Queues a request now (deduplicated by key). */
  enqueue(request: R): void {
    this.queue.add(this.remember(request));
  }

  /** Queues a request after `delayMs`; an earlier pending time for the same key wins. */
  enqueueAfter(request: R, delayMs: number): void {
    this.queue.addAfter(this.remember(request), delayMs);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Resolves when the queue was shut down and the last request finished. */
  async stopped(): Promise<void> {
    await this.running;
  }

  private remember(request: R): string {
    const key = this.reconciler.key(request);
    this.requests.set(key, request);
    return key;
  }

  private async loop(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      const request = this.requests.get(key);
      if (request !== undefined) await this.process(key, request);
      this.queue.done(key);
    }
  }

  private async process(key: string, request: R): Promise<void> {
    let outcome: ReconcileOutcome;
    try {
      const ok = await this.reconciler.reconcile(request);
      for (const followUp of ok.followUps ?? []) this.schedule(followUp);
      outcome = ok.error === undefined ? { ok } : { error: ok.error };
    } catch (error) {
      outcome = { error };
    }
    const action = decideRequeue(outcome);
    this.metrics.incReconcile(action.result);
    const error = 'error' in outcome ? errorMessage(outcome.error) : undefined;
    switch (action.kind) {
      case 'forget':
        this.queue.forget(key);
        return;
      case 'forget-and-requeue-after':
        this.queue.forget(key);
        this.queue.addAfter(key, action.delayMs);
        return;
      case 'drop':
        this.queue.forget(key);
        this.logger.warn('reconcile failed permanently; waiting for the next change', { key, error });
        return;
      case 'backoff': {
        const retryInMs = this.queue.addRateLimited(key);
        this.metrics.incQueueRetries();
        this.logger.warn('reconcile failed; retrying with backoff', { key, retryInMs, error });
      }
    }
  }

  private schedule(followUp: FollowUp<R>): void {
    const key = this.remember(followUp.request);
    if ('backoff' in followUp) this.queue.addRateLimited(key);
    else this.queue.addAfter(key, followUp.afterMs);
  }
}
