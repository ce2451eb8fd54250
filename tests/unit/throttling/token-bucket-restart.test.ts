import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import { lastOwnWriteMs } from '../../../operator/throttling/restart-evidence.js';
import { defaultThrottleConfig, TokenBuckets } from '../../../operator/throttling/token-bucket.js';
import { FakeClock } from './fake-clock.js';

const MINUTE = 60_000;
const KEY = 'Service/ns/metrics';

/** How many corrections a freshly started process lets through at once. */
function burstAfterRestart(sinceLastWriteMs: number | undefined): number {
  const clock = new FakeClock();
  const buckets = new TokenBuckets(clock, defaultThrottleConfig());
  const lastWrite = sinceLastWriteMs === undefined ? undefined : clock.now() - sinceLastWriteMs;
  let n = 0;
  while (n < 20 && buckets.take(KEY, 'Service', lastWrite).ok) n++;
  return n;
}

describe('token buckets across a restart', () => {
  it.each<[string, number | undefined, number]>([
    ['starts full when the autopilot never wrote the object', undefined, 5],
    ['allows one correction right after a write (a restart loop cannot reopen the burst)', 1_000, 1],
    ['credits what an emptied bucket refilled since the last write', 3 * MINUTE + 500, 3],
    ['is full again once the last write is a whole burst old', 60 * MINUTE, 5],
    ['treats a write stamped in the future (clock skew) as just now', -MINUTE, 1],
  ])('%s', (_case, since, expected) => {
    expect(burstAfterRestart(since)).toBe(expected);
  });

  it('refills from the seeded state at the normal rate', () => {
    const clock = new FakeClock();
    const buckets = new TokenBuckets(clock, defaultThrottleConfig());
    buckets.take(KEY, 'Service', clock.now() - 10_000);

    const denied = buckets.take(KEY, 'Service');
    clock.advance(50_000);

    expect(denied).toEqual({ ok: false, retryAfterMs: 50_000 });
    expect(buckets.take(KEY, 'Service').ok).toBe(true);
  });

  it('ignores the evidence for a key the process already tracks', () => {
    const clock = new FakeClock();
    const buckets = new TokenBuckets(clock, defaultThrottleConfig());
    buckets.take(KEY, 'Service');

    const again = buckets.take(KEY, 'Service', clock.now());

    expect(again).toEqual({ ok: true, remaining: 3 });
  });

  it('reads the autopilot’s own latest write from managedFields, skipping status and other managers', () => {
    const live: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'metrics',
        managedFields: [
          { manager: 'virt-platform-autopilot', operation: 'Apply', time: '2026-01-01T00:00:00Z' },
          { manager: 'virt-platform-autopilot', operation: 'Apply', time: '2026-01-01T00:05:00Z' },
          {
            manager: 'virt-platform-autopilot',
            operation: 'Update',
            subresource: 'status',
            time: '2026-01-01T01:00:00Z',
          },
          { manager: 'kubectl-edit', operation: 'Update', time: '2026-01-01T02:00:00Z' },
          { manager: 'virt-platform-autopilot', operation: 'Apply', time: 'not a time' },
        ],
      },
    };

    expect(lastOwnWriteMs(live, 'virt-platform-autopilot')).toBe(Date.parse('2026-01-01T00:05:00Z'));
    expect(lastOwnWriteMs(live, 'someone-else')).toBeUndefined();
  });
});
