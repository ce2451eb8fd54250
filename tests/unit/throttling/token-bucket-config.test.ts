import { describe, expect, it } from '@jest/globals';
import { defaultThrottleConfig, TokenBuckets } from '../../../operator/throttling/token-bucket.js';
import { FakeClock } from './fake-clock.js';

describe('defaultThrottleConfig', () => {
  it('is burst 5 refilling 1 per minute, with burst 2 for the kinds that reboot nodes', () => {
    const config = defaultThrottleConfig();

    expect(config).toEqual({
      default: { burst: 5, refillPerMinute: 1 },
      perKind: {
        MachineConfig: { burst: 2, refillPerMinute: 1 },
        KubeletConfig: { burst: 2, refillPerMinute: 1 },
      },
    });
  });

  it('replaces the default and adds kinds without dropping the stricter ones', () => {
    const config = defaultThrottleConfig({
      default: { burst: 10, refillPerMinute: 6 },
      perKind: { KubeDescheduler: { burst: 1, refillPerMinute: 1 } },
    });

    expect(config.default).toEqual({ burst: 10, refillPerMinute: 6 });
    expect(Object.keys(config.perKind).sort()).toEqual(['KubeDescheduler', 'KubeletConfig', 'MachineConfig']);
  });

  it.each([
    [
      { default: { burst: 0, refillPerMinute: 1 } },
      /throttle default: burst must be an integer of at least 1/,
    ],
    [{ default: { burst: 1.5, refillPerMinute: 1 } }, /burst must be an integer/],
    [{ default: { burst: 1, refillPerMinute: 0 } }, /refillPerMinute must be a positive number/],
    [{ default: { burst: 1, refillPerMinute: Number.NaN } }, /refillPerMinute must be a positive/],
    [{ perKind: { MachineConfig: { burst: -1, refillPerMinute: 1 } } }, /throttle MachineConfig: burst/],
  ])('rejects the unusable bucket %j', (overrides, problem) => {
    expect(() => defaultThrottleConfig(overrides)).toThrow(problem);
  });

  it('is checked again by TokenBuckets for hand-built configs', () => {
    const config = { default: { burst: 0, refillPerMinute: 1 }, perKind: {} };

    expect(() => new TokenBuckets(new FakeClock(), config)).toThrow(RangeError);
  });
});
