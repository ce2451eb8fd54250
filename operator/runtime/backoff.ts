/** Exponential backoff arithmetic and an abortable sleep, shared by the informer, queue and elector. */
export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (0-based): `initialMs * 2^attempt`, capped at `maxMs`.
 * Deterministic, so the work queue's 1 s, 2 s, 4 s … 300 s sequence is exact.
 */
export function exponentialDelay(attempt: number, settings: BackoffSettings): number {
  if (attempt <= 0) return Math.min(settings.initialMs, settings.maxMs);
  // 2^attempt overflows to Infinity long before it matters; min() keeps the cap.
  return Math.min(settings.initialMs * 2 ** attempt, settings.maxMs);
}

/**
 * Spreads `ms` over `[ms, ms * (1 + fraction))` so that many clients failing together (an
 * apiserver restart) do not come back in lockstep.
 */
export function withJitter(ms: number, fraction: number, random: () => number = Math.random): number {
  return ms * (1 + fraction * random());
}

/** A retry counter: `next()` returns the jittered delay for the next attempt; `reset()` after success. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly settings: BackoffSettings,
    private readonly jitter = 0.2,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const delay = exponentialDelay(this.attempt, this.settings);
    this.attempt += 1;
    return Math.round(withJitter(delay, this.jitter, this.random));
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects: callers check their own state). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
