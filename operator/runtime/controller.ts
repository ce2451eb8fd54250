import { errorMessage } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { decideRequeue, type ReconcileResult } from './requeue-policy.js';
import type { WorkQueue } from './work-queue.js';

export type KeyHandler = (key: string) => Promise<ReconcileResult>;

/**
 * One worker draining the queue: keys are handled one at a time, so a pass never runs twice
 * concurrently and never overlaps a single-asset reconcile.
 */
export class Controller {
  private running?: Promise<void>;

  constructor(
    private readonly queue: WorkQueue,
    private readonly handle: KeyHandler,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Resolves when the queue was shut down and the last key finished. */
  async stopped(): Promise<void> {
    await this.running;
  }

  private async loop(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    let outcome: { ok: ReconcileResult } | { error: unknown };
    try {
      outcome = { ok: await this.handle(key) };
    } catch (error) {
      outcome = { error };
    }
    const action = decideRequeue(outcome);
    switch (action.kind) {
      case 'forget':
        this.queue.forget(key);
        this.metrics.incReconcile('success');
        break;
      case 'forget-and-requeue-after':
        this.queue.forget(key);
        this.queue.addAfter(key, action.delayMs);
        this.metrics.incReconcile('requeue');
        break;
      case 'drop':
        this.queue.forget(key);
        this.metrics.incReconcile('error');
        this.logger.warn('reconcile failed permanently; waiting for the next change', {
          key,
          error: errorMessage((outcome as { error: unknown }).error),
        });
        break;
      case 'backoff': {
        const delay = this.queue.addRateLimited(key);
        this.metrics.incReconcile('error');
        this.metrics.incQueueRetries();
        this.logger.warn('reconcile failed; retrying with backoff', {
          key,
          retryInMs: delay,
          error: errorMessage((outcome as { error: unknown }).error),
        });
        break;
      }
    }
    this.queue.done(key);
  }
}
