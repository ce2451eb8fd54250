import { describe, expect, it } from '@jest/globals';
import { defaultThrottleConfig, TokenBuckets } from '../../../operator/throttling/token-bucket.js';
import { FakeClock } from './fake-clock.js';

const KEY = 'Service/ns/metrics';

/** How many corrections go through at once. */
function drain(buckets: TokenBuckets, lastWriteMs?: number): number {
  let n = 0;
  while (n < 20 && buckets.take(KEY, 'Service', lastWriteMs).ok) n++;
  return n;
}

describe('TokenBuckets.track (a write known to be free)', () => {
  it('starts a full bucket, so restart evidence no longer applies to the key', () => {
    const clock = new FakeClock();
    const buckets = new TokenBuckets(clock, defaultThrottleConfig());

    buckets.track(KEY, 'Service');

    // Without track, a write 1 s ago would leave one token (the restart rule); tracked, the burst.
    expect(drain(buckets, clock.now() - 1_000)).toBe(5);
  });

  it('leaves a bucket it already holds alone: tracking never refunds spent tokens', () => {
    const clock = new FakeClock();
    const buckets = new TokenBuckets(clock, defaultThrottleConfig());
    expect(drain(buckets)).toBe(5);

    buckets.track(KEY, 'Service');

    expect(buckets.take(KEY, 'Service').ok).toBe(false);
  });
});
