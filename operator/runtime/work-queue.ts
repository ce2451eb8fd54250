import { exponentialDelay, type BackoffSettings } from './backoff.js';
import { BucketLimiter } from './bucket-limiter.js';
import { systemClock, type Clock } from '../throttling/clock.js';

export interface WorkQueueOptions {
  clock?: Clock;
  /** First per-key retry delay (default 1 s). */
  baseDelayMs?: number;
  /** Cap of the per-key retry delay (default 5 min). */
  maxDelayMs?: number;
  /** Overall retry rate across all keys (default 10/s, burst 100). */
  qps?: number;
  burst?: number;
  /** Called with the number of keys ready to be handed out, whenever it changes. */
  onDepth?: (n: number) => void;
}

/**
 * A keyed work queue (client-go semantics): a key is queued at most once and in flight at most
 * once; a key added while in flight is queued again, once, when `done()` is called. Delayed adds
 * keep the earliest time; failed keys back off per key and through one overall token bucket.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly waiting = new Map<string, number>();
  private readonly failureCounts = new Map<string, number>();
  private readonly getters: ((key: string | undefined) => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private readonly clock: Clock;
  private readonly backoff: BackoffSettings;
  private readonly bucket: BucketLimiter;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private shuttingDown = false;

  constructor(private readonly opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.backoff = { initialMs: opts.baseDelayMs ?? 1000, maxMs: opts.maxDelayMs ?? 300_000 };
    this.bucket = new BucketLimiter(opts.qps ?? 10, opts.burst ?? 100, this.clock);
  }

  /** Queues `key` unless it is already queued; a key in flight is queued again when done. */
  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    const getter = this.getters.shift();
    if (getter) {
      this.inFlight.add(key);
      getter(key);
      return;
    }
    this.queued.add(key);
    this.queue.push(key);
    this.reportDepth();
  }

  /** Queues `key` after `delayMs`; when the key already waits, the earlier time wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing !== undefined && existing <= readyAt) return;
    this.waiting.set(key, readyAt);
    this.arm();
  }

  /** Records a failure of `key` and queues it after max(per-key backoff, overall bucket wait). */
  addRateLimited(key: string): number {
    const failures = (this.failureCounts.get(key) ?? 0) + 1;
    this.failureCounts.set(key, failures);
    const delay = Math.max(exponentialDelay(failures - 1, this.backoff), this.bucket.reserve());
    this.addAfter(key, delay);
    return delay;
  }

  /** Resets the failure count of `key` (after a success, or when its error is terminal). */
  forget(key: string): void {
    this.failureCounts.delete(key);
  }

  failures(key: string): number {
    return this.failureCounts.get(key) ?? 0;
  }

  /** The next key (now in flight until `done`), or undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key === undefined) return new Promise((resolve) => this.getters.push(resolve));
    this.queued.delete(key);
    this.inFlight.add(key);
    this.reportDepth();
    return Promise.resolve(key);
  }

  /** Marks `key` finished; queues it again if it was added meanwhile. */
  done(key: string): void {
    this.inFlight.delete(key);
    if (this.dirty.delete(key)) this.add(key);
    if (this.inFlight.size === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
  }

  /** Stops handing out keys: pending and delayed keys are dropped, waiting `get()`s get undefined. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
    this.queue.length = 0;
    this.queued.clear();
    this.dirty.clear();
    this.getters.splice(0).forEach((resolve) => resolve(undefined));
    this.reportDepth();
  }

  /** Shuts down and waits up to `timeoutMs` for keys in flight; true when none is left. */
  drain(timeoutMs: number): Promise<boolean> {
    this.shutDown();
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  get length(): number {
    return this.queue.length;
  }

  private arm(): void {
    let earliest = Infinity;
    for (const at of this.waiting.values()) earliest = Math.min(earliest, at);
    if (earliest >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = earliest;
    // At least 1 ms: a timer may fire a fraction early, and a 0 ms re-arm would spin.
    this.timer = setTimeout(() => this.promote(), Math.max(1, earliest - this.clock.now()));
  }

  private promote(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (const [key, at] of this.waiting) {
      if (at > now) continue;
      this.waiting.delete(key);
      this.add(key);
    }
    if (this.waiting.size > 0) this.arm();
  }

  private reportDepth(): void {
    this.opts.onDepth?.(this.queue.length);
  }
}
