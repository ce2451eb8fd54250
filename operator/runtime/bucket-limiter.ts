import type { Clock } from '../throttling/clock.js';

/**
 * An overall token bucket in reservation form (client-go's BucketRateLimiter): every call takes
 * one token, even when the bucket is empty, and returns how long the caller must wait for it.
 * Tokens refill continuously at `qps` up to `burst`.
 */
export class BucketLimiter {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  /** Takes one token; returns the wait in milliseconds (0 while the burst lasts). */
  reserve(): number {
    const now = this.clock.now();
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.qps) / 1000);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.qps);
  }
}
