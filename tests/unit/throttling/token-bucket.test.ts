import { describe, expect, it } from '@jest/globals';
import {
  defaultThrottleConfig,
  TokenBuckets,
  type TakeResult,
} from '../../../operator/throttling/token-bucket.js';
import { FakeClock } from './fake-clock.js';

const MINUTE = 60_000;
const KEY = 'NodeHealthCheck/workers';

function setup(overrides: Parameters<typeof defaultThrottleConfig>[0] = {}): {
  clock: FakeClock;
  buckets: TokenBuckets;
} {
  const clock = new FakeClock();
  return { clock, buckets: new TokenBuckets(clock, defaultThrottleConfig(overrides)) };
}

function drain(buckets: TokenBuckets, key: string, kind: string, times: number): TakeResult[] {
  return Array.from({ length: times }, () => buckets.take(key, kind));
}

describe('TokenBuckets', () => {
  it('gives a new key a full bucket of 5 by default', () => {
    const { buckets } = setup();

    const results = drain(buckets, KEY, 'NodeHealthCheck', 6);

    expect(results).toEqual([
      { ok: true, remaining: 4 },
      { ok: true, remaining: 3 },
      { ok: true, remaining: 2 },
      { ok: true, remaining: 1 },
      { ok: true, remaining: 0 },
      { ok: false, retryAfterMs: MINUTE },
    ]);
  });

  it.each(['MachineConfig', 'KubeletConfig'])(
    'gives %s a burst of 2, since each write can reboot a pool',
    (kind) => {
      const { buckets } = setup();

      const results = drain(buckets, `${kind}/50-swap`, kind, 3);

      expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    },
  );

  it('says how long until the next token, counting time already waited', () => {
    const { clock, buckets } = setup();
    drain(buckets, KEY, 'NodeHealthCheck', 5);
    clock.advance(20_000);

    const result = buckets.take(KEY, 'NodeHealthCheck');

    expect(result).toEqual({ ok: false, retryAfterMs: 40_000 });
  });

  it('refills one whole token per minute and carries the remainder', () => {
    const { clock, buckets } = setup();
    drain(buckets, KEY, 'NodeHealthCheck', 5);
    clock.advance(90_000);

    const first = buckets.take(KEY, 'NodeHealthCheck');
    const second = buckets.take(KEY, 'NodeHealthCheck');

    expect(first).toEqual({ ok: true, remaining: 0 });
    expect(second).toEqual({ ok: false, retryAfterMs: 30_000 });
  });

  it('never refills beyond the burst however long the key was idle', () => {
    const { clock, buckets } = setup();
    drain(buckets, KEY, 'NodeHealthCheck', 5);
    clock.advance(60 * MINUTE);

    const results = drain(buckets, KEY, 'NodeHealthCheck', 6);

    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });

  it('does not bank time while the bucket is full', () => {
    const { clock, buckets } = setup();
    buckets.take(KEY, 'NodeHealthCheck');
    clock.advance(MINUTE + 59_000); // one token back to full, then 59 s idle at full

    drain(buckets, KEY, 'NodeHealthCheck', 5);
    const next = buckets.take(KEY, 'NodeHealthCheck');

    expect(next).toEqual({ ok: false, retryAfterMs: MINUTE });
  });

  it('keeps keys independent', () => {
    const { buckets } = setup();
    drain(buckets, KEY, 'NodeHealthCheck', 5);

    const other = buckets.take('NodeHealthCheck/other', 'NodeHealthCheck');

    expect(other).toEqual({ ok: true, remaining: 4 });
  });

  it('reports a zero wait while a token is available and the refill time once empty', () => {
    const { clock, buckets } = setup({ default: { burst: 1, refillPerMinute: 2 } });

    const before = buckets.waitMs(KEY, 'NodeHealthCheck');
    buckets.take(KEY, 'NodeHealthCheck');
    clock.advance(10_000);
    const after = buckets.waitMs(KEY, 'NodeHealthCheck');

    expect([before, after]).toEqual([0, 20_000]);
  });

  it('does not spend a token when asked for the wait', () => {
    const { buckets } = setup({ default: { burst: 1, refillPerMinute: 1 } });

    buckets.waitMs(KEY, 'NodeHealthCheck');
    const result = buckets.take(KEY, 'NodeHealthCheck');

    expect(result.ok).toBe(true);
  });

  it('starts a forgotten key full again', () => {
    const { buckets } = setup();
    drain(buckets, KEY, 'NodeHealthCheck', 5);

    buckets.forget(KEY);
    const result = buckets.take(KEY, 'NodeHealthCheck');

    expect(result).toEqual({ ok: true, remaining: 4 });
  });

  it('survives a clock that steps backwards', () => {
    const { clock, buckets } = setup({ default: { burst: 1, refillPerMinute: 1 } });
    buckets.take(KEY, 'NodeHealthCheck');
    clock.advance(-10 * MINUTE);

    const wait = buckets.waitMs(KEY, 'NodeHealthCheck');

    expect(wait).toBe(MINUTE);
  });

  it('rounds a fractional refill interval up to whole milliseconds', () => {
    const { buckets } = setup({ default: { burst: 1, refillPerMinute: 7 } });
    buckets.take(KEY, 'NodeHealthCheck');

    const wait = buckets.waitMs(KEY, 'NodeHealthCheck');

    expect(wait).toBe(Math.ceil(MINUTE / 7));
  });

  it('does not treat inherited object names as kinds', () => {
    const { buckets } = setup();

    const results = drain(buckets, 'constructor/x', 'constructor', 6);

    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });
});

describe('TokenBuckets.prune', () => {
  it('drops full buckets idle for the given time, so they no longer hold memory', () => {
    const { clock, buckets } = setup({ default: { burst: 1, refillPerMinute: 1 } });
    buckets.take(KEY, 'NodeHealthCheck');
    clock.advance(60 * MINUTE);

    buckets.prune(60 * MINUTE);
    clock.advance(-60 * MINUTE); // had the entry survived, the old refill time would still apply
    const result = buckets.take(KEY, 'NodeHealthCheck');

    expect(result.ok).toBe(true);
  });

  it('keeps a bucket that is still refilling', () => {
    const { clock, buckets } = setup({ default: { burst: 2, refillPerMinute: 0.5 } });
    drain(buckets, KEY, 'NodeHealthCheck', 2);
    clock.advance(3 * MINUTE); // one of two tokens back

    buckets.prune(MINUTE);
    const results = drain(buckets, KEY, 'NodeHealthCheck', 2);

    expect(results.map((r) => r.ok)).toEqual([true, false]);
  });

  it('keeps a full bucket touched recently', () => {
    const { clock, buckets } = setup({ default: { burst: 1, refillPerMinute: 1 } });
    buckets.take(KEY, 'NodeHealthCheck');
    clock.advance(MINUTE);

    buckets.prune(2 * MINUTE);
    clock.advance(-MINUTE);
    const result = buckets.take(KEY, 'NodeHealthCheck');

    expect(result.ok).toBe(false);
  });
});
