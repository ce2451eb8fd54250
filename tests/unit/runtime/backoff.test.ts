import { describe, expect, it } from '@jest/globals';
import { Backoff, exponentialDelay, withJitter } from '../../../operator/runtime/backoff.js';
import { BucketLimiter } from '../../../operator/runtime/bucket-limiter.js';

describe('exponentialDelay', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [4, 16_000],
    [5, 30_000],
    [2000, 30_000],
    [-1, 1000],
  ])('attempt %i waits %i ms (1 s doubling, capped at 30 s)', (attempt, expected) => {
    const delay = exponentialDelay(attempt, { initialMs: 1000, maxMs: 30_000 });

    expect(delay).toBe(expected);
  });
});

describe('withJitter', () => {
  it.each([
    [0, 1000],
    [0.5, 1100],
    [0.999, 1199.8],
  ])('with random %f spreads 1000 ms by up to 20 %% to %f', (random, expected) => {
    const delay = withJitter(1000, 0.2, () => random);

    expect(delay).toBeCloseTo(expected);
  });
});

describe('Backoff', () => {
  it('grows until reset, then starts over', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000 }, 0);

    const grown = [backoff.next(), backoff.next(), backoff.next()];
    backoff.reset();

    expect(grown).toEqual([100, 200, 400]);
    expect(backoff.next()).toBe(100);
  });
});

describe('BucketLimiter', () => {
  it('lets the burst through, then spaces calls by 1/qps, and refills with time', () => {
    let now = 0;
    const bucket = new BucketLimiter(10, 2, { now: () => now });

    const burst = [bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()];
    now += 1000;
    const afterRefill = bucket.reserve();

    expect(burst).toEqual([0, 0, 100, 200]);
    expect(afterRefill).toBe(0);
  });
});
