import { OperatorError } from '../errors.js';

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

/**
 * A one-way latch for "the cache has synced": waiters resolve when it opens, reject when it is
 * closed for good (the informer stopped first) or when their own signal aborts.
 */
export class SyncGate {
  private readonly waiters = new Set<Waiter>();
  private state: 'pending' | 'open' | 'closed' = 'pending';

  constructor(private readonly subject: string) {}

  get isOpen(): boolean {
    return this.state === 'open';
  }

  open(): void {
    if (this.state !== 'pending') return;
    this.state = 'open';
    for (const waiter of this.waiters) waiter.resolve();
  }

  /** No sync will come any more: pending waiters reject. */
  close(): void {
    if (this.state !== 'pending') return;
    this.state = 'closed';
    for (const waiter of this.waiters)
      waiter.reject(new OperatorError(`${this.subject} stopped before it synced`));
  }

  wait(signal?: AbortSignal): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    if (this.state === 'closed')
      return Promise.reject(new OperatorError(`${this.subject} stopped before it synced`));
    if (signal?.aborted) return Promise.reject(new OperatorError(`${this.subject}: wait for sync aborted`));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => waiter.reject(new OperatorError(`${this.subject}: wait for sync aborted`));
      const settle = (): void => {
        this.waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        resolve: () => {
          settle();
          resolve();
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
